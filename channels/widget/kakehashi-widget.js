/* Kakehashi chat widget: one <script> tag puts a chat button on any page.
 *
 *   <script src="https://bot.example.org/webhooks/widget/kakehashi-widget.js" defer
 *           data-title="Kakehashi"></script>
 *
 * Optional attributes: data-language (ja, ja-easy, en, zh, vi, ko: a choice made for the person),
 * data-server-url (default: where the script comes from), data-title. It talks to Rasa's REST
 * channel (POST /webhooks/rest/webhook), sending the language the person chose as metadata; until
 * they choose, the assistant answers in the language they write in, and the widget's own labels
 * follow the browser's language. Bot text is always inserted as text, never as HTML; links and
 * phone numbers become <a> elements built node by node.
 *
 * Privacy on shared computers: the conversation lives in sessionStorage (gone when the browser
 * closes), ends after 30 minutes without activity, and "End and clear" ends it at once.
 * The labels and language names below are filled in from knowledge/phrases/ when the file is served.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var config = window.KakehashiConfig || {};
  var serverUrl = (data.serverUrl || config.serverUrl || (script ? new URL(script.src).origin : location.origin))
    .replace(/\/$/, "");
  var STORE = "kakehashi-chat:" + serverUrl;
  var IDLE_MS = 30 * 60 * 1000;

  var PHRASES = /*PHRASES*/{"labels": {"en": {}}, "names": {"en": "English"}}/*END*/;
  var LABELS = PHRASES.labels;
  var LANGUAGES = Object.keys(PHRASES.names);

  // The widget's own labels before any choice: the browser's first language we have labels for.
  function browserLanguage() {
    var preferred = navigator.languages || [navigator.language || "en"];
    for (var i = 0; i < preferred.length; i++) {
      var code = String(preferred[i]).toLowerCase().split("-")[0];
      if (LABELS[code]) { return code; }
    }
    return "en";
  }
  function newSender() {
    if (window.crypto && crypto.randomUUID) { return "web-" + crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return "web-" + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }
  function fresh() {
    var chosen = data.language || config.language;
    return {sender: newSender(), language: LABELS[chosen] ? chosen : null, history: [], open: false,
            active: Date.now()};
  }
  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORE));
      return saved && Date.now() - saved.active < IDLE_MS ? saved : null;
    } catch (e) { return null; }
  }
  var state = load() || fresh();
  function save() { try { sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) {} }
  try { localStorage.removeItem(STORE); } catch (e) {}  // what older versions kept

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
  // 保険年金課（ほけん ねんきんか）: a name with its reading, as the knowledge writes it for
  // Easy Japanese; shown as <ruby> (the reading above the kanji).
  var READINGS = /([\u3400-\u9fff々〆]+)（([ぁ-ゖー ]+)）/g;
  function withReadings(fragment, text) {
    var last = 0, match;
    READINGS.lastIndex = 0;
    while ((match = READINGS.exec(text)) !== null) {
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      fragment.appendChild(el("ruby", {}, [match[1], el("rt", {}, [match[2]])]));
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
  }

  // A long address (a map search is 150+ characters) shown as its site: "google.com/maps…".
  function shortLink(url) {
    if (url.length <= 45) { return url; }
    try {
      var parsed = new URL(url);
      return parsed.hostname.replace(/^www\./, "") + parsed.pathname.split("/").slice(0, 2).join("/") + "…";
    } catch (e) { return url.slice(0, 40) + "…"; }
  }

  function richText(text) {
    var fragment = document.createDocumentFragment(), last = 0, match;
    LINKS.lastIndex = 0;
    while ((match = LINKS.exec(text)) !== null) {
      withReadings(fragment, text.slice(last, match.index));
      var href = match[1] ? match[1] : "tel:" + match[2].replace(/#/g, "%23");
      var link = el("a", {href: href, title: match[0]}, [match[1] ? shortLink(match[1]) : match[0]]);
      if (match[1]) { link.target = "_blank"; link.rel = "noopener noreferrer"; }
      fragment.appendChild(link);
      last = match.index + match[0].length;
    }
    withReadings(fragment, text.slice(last));
    return fragment;
  }

  var labels = function () { return LABELS[state.language || browserLanguage()]; };
  var openButton = el("button", {"class": "kkh-button", type: "button", "aria-haspopup": "dialog"});
  var title = el("h2", {"class": "kkh-title", id: "kkh-title"}, [config.title || "Kakehashi"]);
  var languageSelect = el("select", {"aria-label": "Language"});
  var automatic = el("option", {value: ""});
  languageSelect.appendChild(automatic);
  LANGUAGES.forEach(function (code) {
    languageSelect.appendChild(el("option", {value: code, lang: code.split("-")[0]}, [PHRASES.names[code]]));
  });
  var endButton = el("button", {type: "button", "class": "kkh-end"});
  var closeButton = el("button", {type: "button"}, ["×"]);
  var banner = el("div", {"class": "kkh-notice", role: "alert", hidden: ""});
  var log = el("div", {"class": "kkh-log", role: "log", "aria-live": "polite", "aria-relevant": "additions"});
  var status = el("div", {"class": "kkh-status", role: "status"});
  var input = el("input", {type: "text", autocomplete: "off", maxlength: "2000"});
  var sendButton = el("button", {type: "submit"});
  var form = el("form", {"class": "kkh-form"}, [input, sendButton]);
  var panel = el("div", {"class": "kkh-panel", role: "dialog", "aria-labelledby": "kkh-title", hidden: ""},
    [el("div", {"class": "kkh-header"}, [title, languageSelect, endButton, closeButton]), banner, log, status, form]);

  function applyLabels() {
    var l = labels();
    openButton.textContent = l.open;
    closeButton.setAttribute("aria-label", l.close);
    languageSelect.setAttribute("aria-label", l.language);
    automatic.textContent = l.auto;
    languageSelect.value = state.language || "";
    endButton.textContent = l.end;
    input.setAttribute("aria-label", l.input);
    input.placeholder = l.input;
    sendButton.textContent = l.send;
    log.setAttribute("aria-label", l.log);
    panel.setAttribute("lang", (state.language || browserLanguage()).split("-")[0]);
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

  function remember(entry) {
    state.history.push(entry); state.history = state.history.slice(-200); touch(); showMessage(entry);
  }

  // Activity keeps the conversation; 30 minutes without any ends it, as "End and clear" does.
  var idleTimer = null;
  function touch() {
    state.active = Date.now(); save();
    clearTimeout(idleTimer);
    idleTimer = setTimeout(endConversation, IDLE_MS);
  }
  function endConversation() {
    clearTimeout(idleTimer);
    try { sessionStorage.removeItem(STORE); } catch (e) {}
    var open = state.open;
    state = fresh(); state.open = open;
    while (log.firstChild) { log.removeChild(log.firstChild); }
    status.textContent = "";
    applyLabels();
  }

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
      body: JSON.stringify({sender: state.sender, message: message,
                            metadata: state.language ? {language: state.language} : {}})
    }).then(function (answer) {
      // 429: a polite "please wait" from the server, shown like any reply.
      if (!answer.ok && answer.status !== 429) { throw new Error("HTTP " + answer.status); }
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

  // The staff's urgent notices (a disaster, an outage), as text, above the conversation.
  function showNotices() {
    fetch(serverUrl + "/webhooks/widget/notices?language=" + encodeURIComponent(state.language || browserLanguage()))
      .then(function (answer) { return answer.ok ? answer.json() : []; })
      .then(function (notices) {
        while (banner.firstChild) { banner.removeChild(banner.firstChild); }
        (notices || []).forEach(function (notice) {
          banner.appendChild(el("p", {}, ["⚠ " + String(notice.title) + ": "]));
          banner.lastChild.appendChild(richText(String(notice.text) + (notice.link ? " " + String(notice.link) : "")));
        });
        banner.hidden = !(notices || []).length;
      }).catch(function () {});
  }

  function setOpen(open) {
    state.open = open; save();
    panel.hidden = !open; openButton.hidden = open;
    (open ? input : openButton).focus();
  }

  openButton.addEventListener("click", function () { setOpen(true); showNotices(); });
  closeButton.addEventListener("click", function () { setOpen(false); });
  endButton.addEventListener("click", function () { endConversation(); input.focus(); });
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { setOpen(false); } });
  languageSelect.addEventListener("change", function () {
    state.language = languageSelect.value || null; touch(); applyLabels(); showNotices();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value; input.value = "";
    send(text);
  });

  function start() {
    document.head.appendChild(el("link", {rel: "stylesheet", href: serverUrl + "/webhooks/widget/kakehashi-widget.css"}));
    document.body.appendChild(openButton);
    document.body.appendChild(panel);
    applyLabels();
    state.history.forEach(showMessage);
    if (state.open) { panel.hidden = false; openButton.hidden = true; }
    log.scrollTop = log.scrollHeight;  // back where the conversation was
    if (state.history.length) { touch(); }
    if (state.open) { showNotices(); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
