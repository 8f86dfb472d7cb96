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

  function renderRound(round) {
    vue.textContent = '';
    vue.appendChild(el('h2', { text: round.title + ' — version ' + round.version }));
    if (round.deadlineText)
      vue.appendChild(el('p', { text: 'Date limite : ' + round.deadlineText }));
    var form = el('form', { novalidate: '' });
    (round.enjeux || []).forEach(function (enjeu, i) {
      var current = (round.avis && round.avis[enjeu.id]) || {};
      var fs = el('fieldset', {}, [el('legend', { text: i + 1 + '. ' + enjeu.title })]);
      if (enjeu.change && enjeu.change !== 'unchanged') {
        fs.appendChild(
          el('p', {
            class: enjeu.change === 'added' ? 'ajoute' : 'modifie',
            text:
              enjeu.change === 'added' ? 'Nouvel enjeu' : 'Modifié depuis la version précédente',
          }),
        );
      }
      fs.appendChild(el('p', { text: enjeu.text || '' }));
      (enjeu.diff || []).forEach(function (part) {
        fs.appendChild(
          el(part.added ? 'ins' : part.removed ? 'del' : 'span', { text: part.value }),
        );
      });
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
        .then(function () {
          say('Avis enregistrés.');
        })
        .catch(function (e) {
          say(e.message, true);
        });
    });
    vue.appendChild(form);
    vue.hidden = false;
  }

  function start() {
    if (!teams) return say('Ouvrez cet onglet dans Microsoft Teams.', true);
    withTimeout(teams.app.initialize(), 3000)
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
