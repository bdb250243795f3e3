/* Kakehashi chat widget: one <script> tag puts a chat button on any page.
 *
 *   <script>window.KakehashiConfig = {serverUrl: "https://bot.example.org", language: "ja",
 *                                     title: "Kakehashi"};</script>
 *   <script src="https://bot.example.org/webhooks/widget/kakehashi-widget.js" defer></script>
 *
 * It talks to Rasa's REST channel (POST /webhooks/rest/webhook), sending the chosen language as
 * metadata. Bot text is always inserted as text, never as HTML; links and phone numbers become
 * <a> elements built node by node. The conversation is kept in localStorage across reloads.
 */
(function () {
  "use strict";
  var config = window.KakehashiConfig || {};
  var script = document.currentScript;
  var serverUrl = (config.serverUrl || (script ? new URL(script.src).origin : location.origin))
    .replace(/\/$/, "");
  var STORE = "kakehashi-chat:" + serverUrl;

  var LABELS = {
    "ja": {open: "チャットで相談する", close: "閉じる", input: "メッセージ", send: "送信",
           typing: "入力中…", offline: "サーバーに接続できません。", retry: "もう一度送る",
           language: "言語", log: "会話"},
    "ja-easy": {open: "チャットで そうだん", close: "とじる", input: "メッセージ", send: "おくる",
                typing: "かいて います…", offline: "つながりません。", retry: "もう いちど おくる",
                language: "ことば", log: "かいわ"},
    "en": {open: "Open chat", close: "Close", input: "Message", send: "Send",
           typing: "Typing…", offline: "Cannot reach the server.", retry: "Send again",
           language: "Language", log: "Conversation"}
  };
  var LANGUAGES = [["ja", "日本語"], ["ja-easy", "やさしい にほんご"], ["en", "English"]];

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)) || null; } catch (e) { return null; }
  }
  var state = load() || {
    sender: "web-" + Math.random().toString(36).slice(2) + Date.now().toString(36),
    language: LABELS[config.language] ? config.language : "ja",
    history: [], open: false
  };
  function save() { try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) {} }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // URLs and Japanese phone numbers (011-211-3678, #7119, 119) become links; the rest stays text.
  var LINKS = /(https?:\/\/[^\s<>()（）「」]+)|((?:0\d{1,4}-\d{1,4}-\d{3,4})|#\d{4}|\b1[01]9\b)/g;
  function richText(text) {
    var fragment = document.createDocumentFragment(), last = 0, match;
    LINKS.lastIndex = 0;
    while ((match = LINKS.exec(text)) !== null) {
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      var href = match[1] ? match[1] : "tel:" + match[2].replace(/#/g, "%23");
      var link = el("a", {href: href}, [match[0]]);
      if (match[1]) { link.target = "_blank"; link.rel = "noopener noreferrer"; }
      fragment.appendChild(link);
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  var css = [
    ".kkh-button{position:fixed;right:16px;bottom:16px;z-index:2147483000;border:0;border-radius:28px;",
    "padding:14px 20px;background:#0b4f8a;color:#fff;font:600 16px/1.2 system-ui,sans-serif;cursor:pointer}",
    ".kkh-panel{position:fixed;right:16px;bottom:16px;z-index:2147483001;width:380px;max-width:calc(100vw - 16px);",
    "height:560px;max-height:calc(100vh - 32px);display:flex;flex-direction:column;background:#fff;color:#1a1a1a;",
    "border:1px solid #8a8a8a;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.25);font:15px/1.5 system-ui,sans-serif}",
    "@media (max-width:420px){.kkh-panel{right:8px;left:8px;bottom:8px;width:auto}}",
    ".kkh-panel[hidden],.kkh-button[hidden]{display:none}",
    ".kkh-header{display:flex;align-items:center;gap:8px;padding:10px 12px;background:#0b4f8a;color:#fff;border-radius:11px 11px 0 0}",
    ".kkh-title{flex:1;margin:0;font-size:16px}",
    ".kkh-header select,.kkh-header button{font:inherit;border-radius:6px;border:1px solid #fff;background:#0b4f8a;color:#fff;padding:4px 8px}",
    ".kkh-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}",
    ".kkh-msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".kkh-bot{align-self:flex-start;background:#eef2f7}",
    ".kkh-user{align-self:flex-end;background:#0b4f8a;color:#fff}",
    ".kkh-user a{color:#fff}.kkh-bot a{color:#0a4a80}",
    ".kkh-quick{display:flex;flex-wrap:wrap;gap:6px}",
    ".kkh-quick button,.kkh-retry{font:inherit;border:1px solid #0b4f8a;background:#fff;color:#0b4f8a;border-radius:16px;padding:4px 12px;cursor:pointer}",
    ".kkh-status{padding:0 12px;min-height:1.5em;color:#4a4a4a}",
    ".kkh-error{color:#a30000}",
    ".kkh-form{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #c8c8c8}",
    ".kkh-form input{flex:1;font:inherit;padding:8px;border:1px solid #6b6b6b;border-radius:8px}",
    ".kkh-form button{font:inherit;border:0;border-radius:8px;background:#0b4f8a;color:#fff;padding:8px 14px;cursor:pointer}",
    ".kkh-panel :focus-visible,.kkh-button:focus-visible{outline:3px solid #f2a900;outline-offset:2px}"
  ].join("");

  var labels = function () { return LABELS[state.language]; };
  var openButton = el("button", {"class": "kkh-button", type: "button", "aria-haspopup": "dialog"});
  var title = el("h2", {"class": "kkh-title", id: "kkh-title"}, [config.title || "Kakehashi"]);
  var languageSelect = el("select", {"aria-label": "Language"});
  LANGUAGES.forEach(function (pair) {
    languageSelect.appendChild(el("option", {value: pair[0], lang: pair[0] === "en" ? "en" : "ja"}, [pair[1]]));
  });
  var closeButton = el("button", {type: "button"}, ["×"]);
  var log = el("div", {"class": "kkh-log", role: "log", "aria-live": "polite", "aria-relevant": "additions"});
  var status = el("div", {"class": "kkh-status", role: "status"});
  var input = el("input", {type: "text", autocomplete: "off", maxlength: "2000"});
  var sendButton = el("button", {type: "submit"});
  var form = el("form", {"class": "kkh-form"}, [input, sendButton]);
  var panel = el("div", {"class": "kkh-panel", role: "dialog", "aria-labelledby": "kkh-title", hidden: ""},
    [el("div", {"class": "kkh-header"}, [title, languageSelect, closeButton]), log, status, form]);

  function applyLabels() {
    var l = labels();
    openButton.textContent = l.open;
    closeButton.setAttribute("aria-label", l.close);
    languageSelect.setAttribute("aria-label", l.language);
    languageSelect.value = state.language;
    input.setAttribute("aria-label", l.input);
    input.placeholder = l.input;
    sendButton.textContent = l.send;
    log.setAttribute("aria-label", l.log);
    panel.setAttribute("lang", state.language === "en" ? "en" : "ja");
  }

  function showMessage(entry) {
    var bubble = el("div", {"class": "kkh-msg " + (entry.from === "user" ? "kkh-user" : "kkh-bot")});
    bubble.appendChild(richText(entry.text || ""));
    log.appendChild(bubble);
    if (entry.buttons && entry.buttons.length) {
      var quick = el("div", {"class": "kkh-quick", role: "group"});
      entry.buttons.forEach(function (button) {
        var choice = el("button", {type: "button"}, [String(button.title || "")]);
        choice.addEventListener("click", function () { send(String(button.payload || ""), String(button.title || "")); });
        quick.appendChild(choice);
      });
      log.appendChild(quick);
    }
    log.scrollTop = log.scrollHeight;
  }

  function remember(entry) { state.history.push(entry); state.history = state.history.slice(-200); save(); showMessage(entry); }

  function send(message, shown) {
    if (!message.trim()) { return; }
    remember({from: "user", text: shown || message});
    deliver(message);
  }

  function deliver(message) {
    status.className = "kkh-status";
    status.textContent = labels().typing;
    fetch(serverUrl + "/webhooks/rest/webhook", {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({sender: state.sender, message: message, metadata: {language: state.language}})
    }).then(function (answer) {
      if (!answer.ok) { throw new Error("HTTP " + answer.status); }
      return answer.json();
    }).then(function (messages) {
      status.textContent = "";
      (messages || []).forEach(function (m) {
        remember({from: "bot", text: m.text || "", buttons: m.buttons || []});
      });
    }).catch(function () {
      status.className = "kkh-status kkh-error";
      status.textContent = labels().offline + " ";
      var retry = el("button", {type: "button", "class": "kkh-retry"}, [labels().retry]);
      retry.addEventListener("click", function () { deliver(message); });
      status.appendChild(retry);
    });
  }

  function setOpen(open) {
    state.open = open; save();
    panel.hidden = !open; openButton.hidden = open;
    (open ? input : openButton).focus();
  }

  openButton.addEventListener("click", function () { setOpen(true); });
  closeButton.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { setOpen(false); } });
  languageSelect.addEventListener("change", function () {
    state.language = languageSelect.value; save(); applyLabels();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value; input.value = "";
    send(text);
  });

  function start() {
    var style = el("style", {}, [css]);
    document.head.appendChild(style);
    document.body.appendChild(openButton);
    document.body.appendChild(panel);
    applyLabels();
    state.history.forEach(showMessage);
    if (state.open) { panel.hidden = false; openButton.hidden = true; }
    log.scrollTop = log.scrollHeight;  // back where the conversation was
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
