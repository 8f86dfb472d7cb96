/*
 * Concerto's Teams tab. No bundler: teams-js comes as its UMD build (window.microsoftTeams).
 * app.initialize() never settles outside Teams, so it races a 3 s timer: the page then says to
 * open it in Teams instead of hanging. Every API call carries the SSO token from
 * authentication.getAuthToken(); the server validates it before answering.
 */
(function () {
  'use strict';
  var LABELS = {
    favorable: 'Favorable',
    favorable_avec_reserves: 'Favorable avec réserves',
    defavorable: 'Défavorable',
    abstention: 'Abstention',
  };
  var statut = document.getElementById('statut');
  var vue = document.getElementById('vue');
  var teams = window.microsoftTeams;
  var token = null;

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
        if (!res.ok)
          throw new Error((body && body.error && body.error.message) || 'Erreur ' + res.status);
        return body;
      });
    });
  }

  function renderAvisReadOnly(current) {
    return el('p', {
      class: 'avis-lu',
      text: current.choice
        ? 'Avis : ' + LABELS[current.choice] + (current.comment ? ' — ' + current.comment : '')
        : 'Pas de réponse',
    });
  }

  function renderDiff(enjeu, previousVersion) {
    if (!enjeu.diff || enjeu.diff.length === 0) return null;
    var body = el('p', { class: 'diff' });
    enjeu.diff.forEach(function (part) {
      var tag = part.added ? 'ins' : part.removed ? 'del' : 'span';
      var node = el(tag, { text: part.value });
      // Screen readers do not announce ins/del: say it in words.
      if (part.added || part.removed)
        node.setAttribute('aria-label', (part.added ? 'ajouté : ' : 'supprimé : ') + part.value);
      body.appendChild(node);
    });
    return el('details', {}, [
      el('summary', {
        text: 'Modifications depuis la version ' + (previousVersion || 'précédente'),
      }),
      body,
    ]);
  }

  function renderRound(round) {
    vue.textContent = '';
    vue.appendChild(el('h2', { text: round.title + ' — version ' + round.version }));
    if (round.deadlineText)
      vue.appendChild(el('p', { text: 'Date limite : ' + round.deadlineText }));
    if (round.readOnlyReason)
      vue.appendChild(el('p', { class: 'note', text: round.readOnlyReason }));
    (round.removed || []).forEach(function (title) {
      vue.appendChild(el('p', { class: 'modifie', text: 'Enjeu retiré : « ' + title + ' »' }));
    });
    var canAnswer = round.canAnswer !== false;
    var form = el(canAnswer ? 'form' : 'div', canAnswer ? { novalidate: '' } : {});
    (round.enjeux || []).forEach(function (enjeu, i) {
      var current = (round.avis && round.avis[enjeu.id]) || {};
      var fs = el('fieldset', { 'data-enjeu': enjeu.id }, [
        el('legend', { text: i + 1 + '. ' + enjeu.title }),
      ]);
      if (enjeu.change && enjeu.change !== 'unchanged') {
        fs.appendChild(
          el('p', {
            class: enjeu.change === 'added' ? 'ajoute' : 'modifie',
            text:
              enjeu.change === 'added' ? 'Nouvel enjeu' : 'Modifié depuis la version précédente',
          }),
        );
      }
      String(enjeu.text || '')
        .split(/\n{2,}/)
        .forEach(function (para) {
          if (para.trim()) fs.appendChild(el('p', { class: 'texte', text: para.trim() }));
        });
      var diff = renderDiff(enjeu, round.previousVersion);
      if (diff) fs.appendChild(diff);
      if (!canAnswer) {
        fs.appendChild(renderAvisReadOnly(current));
        form.appendChild(fs);
        return;
      }
      var group = el('div', { role: 'radiogroup', 'aria-label': "Avis sur l'enjeu " + (i + 1) });
      Object.keys(LABELS).forEach(function (choice) {
        var id = 'avis-' + enjeu.id + '-' + choice;
        var input = el('input', { type: 'radio', name: 'avis-' + enjeu.id, id: id, value: choice });
        if (current.choice === choice) input.checked = true;
        group.appendChild(
          el('label', { for: id }, [input, document.createTextNode(' ' + LABELS[choice])]),
        );
      });
      fs.appendChild(group);
      var cid = 'commentaire-' + enjeu.id;
      fs.appendChild(
        el('label', {
          for: cid,
          text: 'Commentaire (obligatoire si défavorable ou avec réserves)',
        }),
      );
      var ta = el('textarea', { id: cid, name: cid, maxlength: '4000' });
      ta.value = current.comment || '';
      fs.appendChild(ta);
      form.appendChild(fs);
    });
    if (canAnswer) {
      form.appendChild(el('button', { type: 'submit', text: 'Enregistrer les avis' }));
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
        say('Enregistrement…');
        api('/rounds/' + encodeURIComponent(round.id) + '/avis', {
          method: 'POST',
          body: JSON.stringify({ answers: answers }),
        })
          .then(function (updated) {
            if (updated && updated.enjeux) renderRound(updated);
            say('Avis enregistrés.');
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
  }

  /* Results as bar charts in HTML/CSS: each bar is decorative, its value is written next to it. */
  function renderResults(results) {
    var old = document.getElementById('resultats');
    if (old) old.remove();
    var section = el('section', { id: 'resultats', 'aria-labelledby': 'titre-resultats' }, [
      el('h2', { id: 'titre-resultats', text: 'Résultats' }),
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
            el('span', {
              class: 'valeur',
              text: c.count + ' avis' + (e.invited ? ' sur ' + e.invited : ''),
            }),
          ]),
        );
      });
      var fig = el('figure', { class: 'resultat' }, [
        el('figcaption', {
          text: e.position + '. ' + e.title + ' — ' + e.participation,
        }),
        list,
      ]);
      if (e.missing && e.missing.length)
        fig.appendChild(el('p', { class: 'note', text: 'Sans réponse : ' + e.missing.join(', ') }));
      if (e.bySilence && e.bySilence.length)
        fig.appendChild(
          el('p', { class: 'note', text: 'Favorables par silence : ' + e.bySilence.join(', ') }),
        );
      section.appendChild(fig);
    });
    if (results.exports && results.exports.length) {
      var list = el('ul', { class: 'exports' });
      results.exports.forEach(function (x) {
        var button = el('button', { type: 'button', text: 'Télécharger : ' + x.label });
        button.addEventListener('click', function () {
          downloadExport(results.id, x.format, button);
        });
        list.appendChild(el('li', {}, [button]));
      });
      section.appendChild(el('h3', { text: 'Exports' }));
      section.appendChild(list);
    }
    vue.appendChild(section);
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
            throw new Error((body && body.error && body.error.message) || 'Erreur ' + res.status);
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
        say('Export impossible : ' + e.message, true);
      })
      .then(function () {
        button.disabled = false;
      });
  }

  function loadResults(roundId) {
    api('/rounds/' + encodeURIComponent(roundId) + '/results')
      .then(renderResults)
      .catch(function (e) {
        vue.appendChild(
          el('p', { class: 'erreur', text: 'Résultats indisponibles : ' + e.message }),
        );
      });
  }

  function start() {
    if (!teams) return say('Ouvrez cet onglet dans Microsoft Teams.', true);
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
        say('Connecté : ' + (me.name || '') + (me.organisation ? ' — ' + me.organisation : ''));
        var roundId =
          new URLSearchParams(window.location.search).get('consultation') ||
          (me.rounds && me.rounds[0] && me.rounds[0].id);
        if (!roundId) {
          vue.textContent = 'Aucune consultation en cours pour votre organisation.';
          vue.hidden = false;
          return;
        }
        return api('/rounds/' + encodeURIComponent(roundId)).then(renderRound);
      })
      .catch(function (e) {
        if (e && e.message === 'timeout') say('Ouvrez cet onglet dans Microsoft Teams.', true);
        else say('Connexion impossible : ' + ((e && e.message) || e), true);
      });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
