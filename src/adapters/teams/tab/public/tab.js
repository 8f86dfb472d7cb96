/*
 * Concerto's Teams tab. No bundler: teams-js comes as its UMD build (window.microsoftTeams).
 * app.initialize() never settles outside Teams, so it races a 3 s timer: the page then says to
 * open it in Teams instead of hanging. Every API call carries the SSO token from
 * authentication.getAuthToken(); the server validates it before answering.
 * It writes no word of its own: before sign-in they are the page's (data-* of #statut, filled in
 * by the server from the catalogue), then the member's, in their language, from GET /me (`words`)
 * and in each view the API sends.
 */
(function () {
  'use strict';
  var statut = document.getElementById('statut');
  var vue = document.getElementById('vue');
  var teams = window.microsoftTeams;
  var token = null;
  // The words before sign-in; replaced by the member's (GET /me) once signed in.
  var words = {
    outsideTeams: statut.getAttribute('data-outside-teams'),
    signInFailed: statut.getAttribute('data-sign-in-failed'),
    error: statut.getAttribute('data-error'),
  };

  function say(text, isError) {
    statut.textContent = text;
    statut.className = isError ? 'erreur' : '';
  }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) e.appendChild(c);
    });
    return e;
  }
  function withTimeout(promise, ms) {
    return Promise.race([
      promise,
      new Promise(function (_, reject) {
        setTimeout(function () {
          reject(new Error('timeout'));
        }, ms);
      }),
    ]);
  }
  function api(path, options) {
    options = options || {};
    options.headers = Object.assign(
      { authorization: 'Bearer ' + token },
      options.body ? { 'content-type': 'application/json' } : {},
    );
    return fetch('/tab/api' + path, options).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) {
          var err = new Error(
            (body && body.error && body.error.message) || words.error + ' ' + res.status,
          );
          // The input a refusal is about (a follow-up's « reponse », « justification »…).
          err.field = body && body.error && body.error.field;
          err.status = res.status;
          throw err;
        }
        return body;
      });
    });
  }

  /** The label of a choice from the avis form's options (the server's neutral form). */
  function choiceLabel(field, value) {
    var found = field.options.filter(function (o) {
      return o.value === value;
    })[0];
    return found ? found.label : value;
  }

  /** `rw`: the round view's words (the catalogue's, sent by the API with the round). */
  function renderAvisReadOnly(current, field, rw) {
    return el('p', {
      class: 'avis-lu',
      text: current.choice
        ? rw.avis +
          choiceLabel(field, current.choice) +
          (current.comment ? ' — ' + current.comment : '')
        : rw.noAnswer,
    });
  }

  function renderDiff(enjeu, rw) {
    if (!enjeu.diff || enjeu.diff.length === 0) return null;
    var body = el('p', { class: 'diff' });
    enjeu.diff.forEach(function (part) {
      var tag = part.added ? 'ins' : part.removed ? 'del' : 'span';
      var node = el(tag, { text: part.value });
      // Screen readers do not announce ins/del: say it in words.
      if (part.added || part.removed)
        node.setAttribute('aria-label', (part.added ? rw.diffAdded : rw.diffRemoved) + part.value);
      body.appendChild(node);
    });
    return el('details', {}, [el('summary', { text: rw.diffSummary }), body]);
  }

  function renderRound(round) {
    var rw = round.words;
    vue.textContent = '';
    vue.appendChild(el('h2', { text: rw.heading }));
    if (round.deadlineText) vue.appendChild(el('p', { text: rw.deadline }));
    if (round.readOnlyReason)
      vue.appendChild(el('p', { class: 'note', text: round.readOnlyReason }));
    rw.removed.forEach(function (line) {
      vue.appendChild(el('p', { class: 'modifie', text: line }));
    });
    var canAnswer = round.canAnswer !== false;
    var form = el(canAnswer ? 'form' : 'div', canAnswer ? { novalidate: '' } : {});
    // The fields come from the server's neutral avis form (domain/avis-form.ts): labels,
    // options, hint and length are the same as in Slack, the Teams card and the web ballot.
    var fields = {};
    round.form.enjeux.forEach(function (f) {
      fields[f.id] = f;
    });
    (round.enjeux || []).forEach(function (enjeu) {
      var field = fields[enjeu.id];
      var current = { choice: field.choice.value, comment: field.comment.value };
      var fs = el('fieldset', { 'data-enjeu': enjeu.id }, [el('legend', { text: field.heading })]);
      if (enjeu.change && enjeu.change !== 'unchanged') {
        fs.appendChild(
          el('p', {
            class: enjeu.change === 'added' ? 'ajoute' : 'modifie',
            text: enjeu.change === 'added' ? rw.changes.added : rw.changes.changed,
          }),
        );
      }
      String(enjeu.text || '')
        .split(/\n{2,}/)
        .forEach(function (para) {
          if (para.trim()) fs.appendChild(el('p', { class: 'texte', text: para.trim() }));
        });
      var diff = renderDiff(enjeu, rw);
      if (diff) fs.appendChild(diff);
      if (!canAnswer) {
        fs.appendChild(renderAvisReadOnly(current, field.choice, rw));
        form.appendChild(fs);
        return;
      }
      var group = el('div', { role: 'radiogroup', 'aria-label': field.choice.label });
      field.choice.options.forEach(function (option) {
        var id = 'avis-' + enjeu.id + '-' + option.value;
        var input = el('input', {
          type: 'radio',
          name: 'avis-' + enjeu.id,
          id: id,
          value: option.value,
        });
        if (current.choice === option.value) input.checked = true;
        group.appendChild(
          el('label', { for: id }, [input, document.createTextNode(' ' + option.label)]),
        );
      });
      fs.appendChild(group);
      var cid = 'commentaire-' + enjeu.id;
      fs.appendChild(el('label', { for: cid, text: field.comment.label }));
      fs.appendChild(el('p', { class: 'note', id: cid + '-aide', text: field.comment.hint }));
      var ta = el('textarea', {
        id: cid,
        name: cid,
        maxlength: String(field.comment.maxLength),
        placeholder: field.comment.placeholder,
        'aria-describedby': cid + '-aide',
      });
      ta.value = current.comment || '';
      fs.appendChild(ta);
      form.appendChild(fs);
    });
    if (canAnswer) {
      form.appendChild(el('button', { type: 'submit', text: round.form.submit }));
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var answers = (round.enjeux || []).map(function (enjeu) {
          var checked = form.querySelector('input[name="avis-' + enjeu.id + '"]:checked');
          var comment = form.querySelector('#commentaire-' + enjeu.id).value.trim();
          return {
            enjeuId: enjeu.id,
            choice: checked ? checked.value : undefined,
            comment: comment || undefined,
          };
        });
        say(rw.saving);
        api('/rounds/' + encodeURIComponent(round.id) + '/avis', {
          method: 'POST',
          body: JSON.stringify({ answers: answers }),
        })
          .then(function (updated) {
            if (updated && updated.enjeux) renderRound(updated);
            say(rw.saved);
          })
          .catch(function (e) {
            say(e.message, true);
          });
      });
    }
    vue.appendChild(form);
    if (round.answeredBy) vue.appendChild(el('p', { class: 'note', text: round.answeredBy }));
    vue.hidden = false;
    if (round.resultsAvailable) loadResults(round.id);
    if (round.followupsAvailable) loadFollowups(round.id);
  }

  /* Results as bar charts in HTML/CSS: each bar is decorative, its value is written next to it. */
  function renderResults(results) {
    var old = document.getElementById('resultats');
    if (old) old.remove();
    var section = el('section', { id: 'resultats', 'aria-labelledby': 'titre-resultats' }, [
      el('h2', { id: 'titre-resultats', text: words.results }),
      el('p', { text: results.summary }),
    ]);
    (results.enjeux || []).forEach(function (e) {
      var list = el('ul', { class: 'graphique' });
      var max = Math.max(1, e.invited || 0);
      e.counts.forEach(function (c) {
        var pct = Math.round((c.count / max) * 100);
        var bar = el('span', { class: 'barre barre-' + c.choice, 'aria-hidden': 'true' });
        bar.style.width = pct + '%';
        list.appendChild(
          el('li', {}, [
            el('span', { class: 'etiquette', text: c.label }),
            el('span', { class: 'piste' }, [bar]),
            el('span', { class: 'valeur', text: c.text }),
          ]),
        );
      });
      var fig = el('figure', { class: 'resultat' }, [
        el('figcaption', {
          text: e.position + '. ' + e.title + ' — ' + e.participation,
        }),
        list,
      ]);
      if (e.missingText) fig.appendChild(el('p', { class: 'note', text: e.missingText }));
      if (e.bySilenceText) fig.appendChild(el('p', { class: 'note', text: e.bySilenceText }));
      section.appendChild(fig);
    });
    if (results.exports && results.exports.length) {
      var list = el('ul', { class: 'exports' });
      results.exports.forEach(function (x) {
        var button = el('button', { type: 'button', text: x.button });
        button.addEventListener('click', function () {
          downloadExport(results.id, x.format, button);
        });
        list.appendChild(el('li', {}, [button]));
      });
      section.appendChild(el('h3', { text: words.exports }));
      section.appendChild(list);
    }
    // Before the follow-ups when they came first: results, then what the Caf did with the avis.
    var suivi = document.getElementById('suivi');
    if (suivi) vue.insertBefore(section, suivi);
    else vue.appendChild(section);
  }

  /*
   * « Suites données aux avis » (pilots, closed round): each réserve, défavorable or commented
   * avis with the Caf's response or « à faire », and a form per avis. A refusal is written under
   * the input it is about (its field), or at the top of the form.
   */
  var FIELDS = ['reponse', 'justification', 'enjeuSuivant'];

  function renderFollowups(data, focusAvisId) {
    var old = document.getElementById('suivi');
    var section = el('section', { id: 'suivi', 'aria-labelledby': 'titre-suivi' }, [
      el('h2', { id: 'titre-suivi', text: words.followups.heading }),
    ]);
    var items = data.items || [];
    section.appendChild(el('p', { text: data.intro }));
    items.forEach(function (item) {
      section.appendChild(renderFollowupItem(data, item));
    });
    if (old) old.replaceWith(section);
    else vue.appendChild(section);
    if (focusAvisId) {
      var title = document.getElementById('suivi-' + focusAvisId + '-titre');
      if (title) title.focus();
    }
  }

  function renderFollowupItem(data, item) {
    var id = 'suivi-' + item.avisId;
    var f = item.followup;
    var article = el('article', { class: 'suivi-avis', id: id, 'aria-labelledby': id + '-titre' }, [
      el('h3', {
        id: id + '-titre',
        tabindex: '-1',
        text: item.heading,
      }),
      el('p', { class: 'avis-lu', text: item.avisText }),
      item.comment ? el('blockquote', { text: item.comment }) : null,
      el('p', { class: f ? 'suite' : 'suite a-faire' }, [
        document.createTextNode(words.followups.followup),
        el('strong', { text: f ? f.label : words.followups.toDo }),
        f ? document.createTextNode(f.recordedText) : null,
      ]),
      f && f.nextEnjeuText ? el('p', { class: 'note', text: f.nextEnjeuText }) : null,
    ]);

    var form = el('form', { novalidate: '', class: 'suivi-form' });
    var formError = el('p', { class: 'erreur', id: id + '-erreur', role: 'alert', hidden: '' });
    form.appendChild(formError);

    var radios = el('div', { class: 'choix' });
    (data.responses || []).forEach(function (r) {
      var rid = id + '-reponse-' + r.value;
      var input = el('input', { type: 'radio', name: 'reponse', id: rid, value: r.value });
      if (f && f.response === r.value) input.checked = true;
      radios.appendChild(
        el('label', { for: rid }, [input, document.createTextNode(' ' + r.label)]),
      );
    });
    var fsReponse = el('fieldset', { 'aria-describedby': id + '-erreur-reponse' }, [
      el('legend', { text: words.followups.response }),
      radios,
      fieldError(id, 'reponse'),
    ]);
    form.appendChild(fsReponse);

    var max = data.maxJustification;
    var ta = el('textarea', {
      id: id + '-justification',
      name: 'justification',
      maxlength: String(max),
      rows: '4',
      'aria-describedby': id + '-aide ' + id + '-erreur-justification',
    });
    ta.value = f ? f.justification : '';
    form.appendChild(el('label', { for: ta.id, text: words.followups.justification }));
    form.appendChild(el('p', { class: 'aide', id: id + '-aide', text: data.justificationHint }));
    form.appendChild(ta);
    form.appendChild(fieldError(id, 'justification'));

    var select = null;
    if (data.laterEnjeux && data.laterEnjeux.length) {
      select = el('select', {
        id: id + '-suivant',
        name: 'enjeuSuivant',
        'aria-describedby': id + '-erreur-enjeuSuivant',
      });
      select.appendChild(el('option', { value: '', text: words.followups.noNextEnjeu }));
      data.laterEnjeux.forEach(function (n) {
        var opt = el('option', { value: n.id, text: n.label });
        if (f && f.nextEnjeu && f.nextEnjeu.id === n.id) opt.selected = true;
        select.appendChild(opt);
      });
      form.appendChild(el('label', { for: select.id, text: words.followups.next }));
      form.appendChild(select);
      form.appendChild(fieldError(id, 'enjeuSuivant'));
    }
    var button = el('button', { type: 'submit', text: words.followups.save });
    form.appendChild(el('div', {}, [button]));

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clearErrors(form, id);
      var checked = form.querySelector('input[name="reponse"]:checked');
      button.disabled = true;
      say(words.followups.saving);
      api('/rounds/' + encodeURIComponent(data.round.id) + '/followups', {
        method: 'POST',
        body: JSON.stringify({
          organisation: item.organisation.code,
          enjeu: item.enjeu.position,
          reponse: checked ? checked.value : '',
          justification: ta.value,
          enjeuSuivant: select && select.value ? select.value : null,
        }),
      })
        .then(function (updated) {
          renderFollowups(updated, item.avisId);
          say(item.savedText);
        })
        .catch(function (e) {
          button.disabled = false;
          showError(form, id, e);
          say(words.followups.notSaved + e.message, true);
        });
    });
    article.appendChild(form);
    return article;
  }

  function fieldError(id, field) {
    return el('p', { class: 'erreur-champ', id: id + '-erreur-' + field, hidden: '' });
  }

  function clearErrors(form, id) {
    form.querySelectorAll('.erreur-champ, #' + id + '-erreur').forEach(function (p) {
      p.textContent = '';
      p.hidden = true;
    });
    form.querySelectorAll('[aria-invalid]').forEach(function (n) {
      n.removeAttribute('aria-invalid');
    });
  }

  function showError(form, id, e) {
    var field = FIELDS.indexOf(e.field) >= 0 ? e.field : null;
    var target = document.getElementById(field ? id + '-erreur-' + field : id + '-erreur');
    target.textContent = e.message;
    target.hidden = false;
    if (field === 'reponse') {
      var first = form.querySelector('input[name="reponse"]');
      form.querySelectorAll('input[name="reponse"]').forEach(function (r) {
        r.setAttribute('aria-invalid', 'true');
      });
      if (first) first.focus();
    } else if (field) {
      var input = form.querySelector('[name="' + field + '"]');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  /* Pilots: the Caf's closed rounds, where the follow-up of the avis is recorded. */
  function renderClosedRounds(rounds) {
    if (!rounds.length) return;
    var list = el('ul', {});
    rounds.forEach(function (r) {
      list.appendChild(
        el('li', {}, [
          el('a', {
            href: '?consultation=' + encodeURIComponent(r.id),
            text: r.label,
          }),
        ]),
      );
    });
    vue.parentNode.appendChild(
      el('nav', { 'aria-labelledby': 'titre-closes', class: 'closes' }, [
        el('h2', { id: 'titre-closes', text: words.followups.closedRounds }),
        list,
      ]),
    );
  }

  function loadFollowups(roundId) {
    api('/rounds/' + encodeURIComponent(roundId) + '/followups')
      .then(function (data) {
        renderFollowups(data);
      })
      .catch(function (e) {
        vue.appendChild(
          el('p', { class: 'erreur', text: words.followups.unavailable + e.message }),
        );
      });
  }

  /* A file of the API (behind the token): fetched, then offered as a download. */
  function downloadExport(roundId, format, button) {
    button.disabled = true;
    fetch('/tab/api/rounds/' + encodeURIComponent(roundId) + '/export/' + format, {
      headers: { authorization: 'Bearer ' + token },
    })
      .then(function (res) {
        if (!res.ok)
          return res.json().then(function (body) {
            throw new Error(
              (body && body.error && body.error.message) || words.error + ' ' + res.status,
            );
          });
        var name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') || '');
        return res.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = el('a', { href: url, download: name ? name[1] : 'export.' + format });
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () {
            URL.revokeObjectURL(url);
          }, 60000);
        });
      })
      .catch(function (e) {
        say(words.exportFailed + e.message, true);
      })
      .then(function () {
        button.disabled = false;
      });
  }

  function loadResults(roundId) {
    api('/rounds/' + encodeURIComponent(roundId) + '/results')
      .then(renderResults)
      .catch(function (e) {
        vue.appendChild(el('p', { class: 'erreur', text: words.resultsUnavailable + e.message }));
      });
  }

  /*
   * Evaluations (survey rounds). The heat map's SVG is drawn by the server's own renderer
   * (reports/grid-heatmap.ts, every text escaped); it is parsed as XML, never as HTML, and
   * stripped of anything active before it is shown. Everything else is written as text nodes.
   */
  function safeSvg(markup, alt) {
    var doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    var svg = doc.documentElement;
    if (!svg || svg.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length)
      return null;
    Array.prototype.slice
      .call(svg.querySelectorAll('script, foreignObject, a'))
      .forEach(function (n) {
        n.remove();
      });
    [svg].concat(Array.prototype.slice.call(svg.querySelectorAll('*'))).forEach(function (n) {
      Array.prototype.slice.call(n.attributes).forEach(function (a) {
        if (/^on/i.test(a.name) || /href$/i.test(a.name)) n.removeAttribute(a.name);
      });
    });
    var node = document.importNode(svg, true);
    // The figure's text alternative is the server's (gridHeatmapAlt): every cell in words.
    node.setAttribute('role', 'img');
    node.removeAttribute('aria-labelledby');
    node.setAttribute('aria-label', alt);
    node.setAttribute('focusable', 'false');
    return node;
  }

  function renderSurveys(surveys) {
    if (!surveys.length) return;
    var list = el('ul', {});
    surveys.forEach(function (s) {
      list.appendChild(
        el('li', {}, [
          el('a', { href: '?evaluation=' + encodeURIComponent(s.id), text: s.title }),
          document.createTextNode(' — ' + s.line),
        ]),
      );
    });
    vue.parentNode.appendChild(
      el('nav', { 'aria-labelledby': 'titre-evaluations', class: 'evaluations' }, [
        el('h2', { id: 'titre-evaluations', text: words.survey.list }),
        list,
      ]),
    );
  }

  function renderSurvey(s) {
    vue.textContent = '';
    vue.appendChild(el('h2', { text: s.title }));
    vue.appendChild(el('p', { text: s.stateText }));
    if (s.answerText) vue.appendChild(el('p', { class: 'avis-lu', text: s.answerText }));
    if (s.fillHint) vue.appendChild(el('p', { class: 'note', text: s.fillHint }));
    if (s.resultsNote) vue.appendChild(el('p', { class: 'note', text: s.resultsNote }));
    var r = s.results;
    if (r) {
      var section = el('section', { id: 'resultats', 'aria-labelledby': 'titre-resultats' }, [
        el('h2', { id: 'titre-resultats', text: words.results }),
        el('p', { text: r.participation }),
      ]);
      if (r.organisations && r.organisations.length) {
        var orgs = el('ul', {});
        r.organisations.forEach(function (o) {
          orgs.appendChild(el('li', { text: o.line }));
        });
        section.appendChild(el('h3', { text: words.survey.organisations }));
        section.appendChild(orgs);
      }
      var svg = safeSvg(r.heatmap.svg, r.heatmap.alt);
      if (svg) {
        section.appendChild(el('h3', { text: words.survey.heatmap }));
        section.appendChild(el('figure', { class: 'carte' }, [svg]));
      }
      section.appendChild(el('h3', { text: words.survey.cells }));
      r.levels.forEach(function (level) {
        var list = el('ul', { class: 'cases' });
        // Cells with neither contribution nor rating are named on one line, as in the console.
        var empty = level.cells.filter(function (c) {
          return c.contributions === 0 && c.mean === null;
        });
        level.cells.forEach(function (c) {
          if (empty.indexOf(c) >= 0) return;
          var item = el('li', {}, [
            el('strong', { text: c.heading }),
            document.createTextNode(c.label),
          ]);
          if (c.texts && c.texts.length) {
            var texts = el('ul', {});
            c.texts.forEach(function (t) {
              texts.appendChild(el('li', { text: t.text + (t.author ? ' — ' + t.author : '') }));
            });
            item.appendChild(texts);
          }
          list.appendChild(item);
        });
        section.appendChild(el('h4', { text: level.label }));
        if (list.children.length) section.appendChild(list);
        if (level.emptyText) section.appendChild(el('p', { class: 'note', text: level.emptyText }));
      });
      vue.appendChild(section);
    }
    vue.hidden = false;
  }

  function start() {
    if (!teams) return say(words.outsideTeams, true);
    // Outside Teams, initialize() either never settles or fails ("No Parent window found").
    withTimeout(teams.app.initialize(), 3000)
      .catch(function () {
        throw new Error('timeout');
      })
      .then(function () {
        return teams.authentication.getAuthToken();
      })
      .then(function (t) {
        token = t;
        return api('/me');
      })
      .then(function (me) {
        // From here on, the member's words, in their language.
        words = me.words;
        document.documentElement.lang = me.locale;
        document.title = words.title;
        say(me.connected);
        renderClosedRounds(me.closedRounds || []);
        renderSurveys(me.surveys || []);
        var params = new URLSearchParams(window.location.search);
        var surveyId = params.get('evaluation');
        var roundId = params.get('consultation') || (me.rounds && me.rounds[0] && me.rounds[0].id);
        // No open consultation: the first evaluation the member follows, if any.
        if (!surveyId && !roundId && me.surveys && me.surveys[0]) surveyId = me.surveys[0].id;
        if (surveyId) return api('/surveys/' + encodeURIComponent(surveyId)).then(renderSurvey);
        if (!roundId) {
          vue.textContent = words.noRounds;
          vue.hidden = false;
          return;
        }
        return api('/rounds/' + encodeURIComponent(roundId)).then(renderRound);
      })
      .catch(function (e) {
        if (e && e.message === 'timeout') say(words.outsideTeams, true);
        else say(words.signInFailed + ((e && e.message) || e), true);
      });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
