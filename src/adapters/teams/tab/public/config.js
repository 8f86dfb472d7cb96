/* Configurable tab: one fixed content URL, saved as soon as Teams asks. */
(function () {
  'use strict';
  var teams = window.microsoftTeams;
  var base = window.location.origin + '/tab/';
  teams.app.initialize().then(function () {
    teams.pages.config.registerOnSaveHandler(function (save) {
      teams.pages.config
        .setConfig({
          entityId: 'concerto-consultations',
          contentUrl: base + '?contexte=canal',
          websiteUrl: base,
          suggestedDisplayName: 'Concerto',
        })
        .then(function () {
          save.notifySuccess();
        })
        .catch(function (e) {
          save.notifyFailure(String(e));
        });
    });
    teams.pages.config.setValidityState(true);
  });
})();
