/*
 * OppAssistant Web Chat embed. Works on the bot's own page and on a school's website:
 *   <div id="oppassistant-chat" style="height: 600px"></div>
 *   <script src="https://BOT-HOST/embed.js" data-target="oppassistant-chat" defer></script>
 * The bot's address comes from data-bot-url or from this script's own src. Web Chat (webchat.js) is loaded
 * from the bot when the page does not already have it. ?transport=polling on the page forces polling.
 */
(function () {
  'use strict';

  // Filled in by the server from dialogs/channels.yaml (webchat section).
  var texts = /*TEXTS*/{};

  var script = document.currentScript;
  var attribute = function (name) { return script ? script.getAttribute(name) : null; };
  var botUrl = (attribute('data-bot-url') ||
    (script && script.src ? script.src.replace(/\/embed\.js(?:[?#].*)?$/, '') : window.location.origin)).replace(/\/+$/, '');
  var targetId = attribute('data-target') || 'webchat';
  var webSocket = new URLSearchParams(window.location.search).get('transport') !== 'polling';

  function showError(element) {
    element.textContent = '';
    var message = document.createElement('p');
    message.className = 'oppassistant-error';
    message.setAttribute('role', 'alert');
    message.textContent = texts.connection_error || '';
    element.appendChild(message);
  }

  function loadWebChat() {
    if (window.WebChat) {
      return Promise.resolve(window.WebChat);
    }
    return new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = botUrl + '/lib/webchat/webchat.js';
      tag.onload = function () { return window.WebChat ? resolve(window.WebChat) : reject(new Error('no WebChat')); };
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function fetchToken() {
    return fetch(botUrl + '/v3/directline/tokens/generate', { method: 'POST', credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('token request failed: ' + response.status);
        }
        return response.json();
      });
  }

  function start() {
    var element = document.getElementById(targetId);
    if (!element) {
      return;
    }
    Promise.all([loadWebChat(), fetchToken()])
      .then(function (results) {
        var WebChat = results[0];
        var directLine = WebChat.createDirectLine({
          token: results[1].token,
          domain: botUrl + '/v3/directline',
          webSocket: webSocket
        });
        WebChat.renderWebChat({
          directLine: directLine,
          locale: 'nl-NL',
          // The self-hosted Direct Line has no upload endpoint.
          styleOptions: { hideUploadButton: true }
        }, element);
      })
      .catch(function () { showError(element); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
