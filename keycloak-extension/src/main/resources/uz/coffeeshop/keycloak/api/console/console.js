// The coffee shop's page for admins. It logs in with authorization code + PKCE on its public client (silent when the
// admin console's session exists), keeps its tokens in this tab's sessionStorage only, and calls the extension's
// /coffee/admin/... endpoints with the bearer token. It hides what the token's permissions do not allow; the server
// checks each call anyway. Every text from the server goes into the page as text, never as HTML.
"use strict";

(function () {
  const body = document.body.dataset;
  const realm = body.realm;
  const client = body.client;
  const realmPath = body.root + "realms/" + encodeURIComponent(realm);
  const api = realmPath + "/coffee/admin";
  const oidc = realmPath + "/protocol/openid-connect";
  const pageUrl = location.origin + location.pathname;
  const consoleUsers = body.root + "admin/" + encodeURIComponent(realm) + "/console/#/" + encodeURIComponent(realm)
    + "/users/";
  const store = window.sessionStorage;
  const LANGUAGES = ["en", "ru", "uz"];

  let texts = {};
  let tokens = null;
  let permissions = new Set();

  // ---- texts -------------------------------------------------------------------------------------------------

  function t(key, ...args) {
    const text = texts[key] || key;
    return text.replace(/\{(\d+)\}/g, (_, i) => (args[i] === undefined ? "" : String(args[i])));
  }

  function chosenLanguage(claims) {
    const asked = new URLSearchParams(location.search).get("lang") || localStorage.getItem("coffee.console.lang");
    const candidates = [asked, claims && claims.locale, ...(navigator.languages || [navigator.language])];
    for (const candidate of candidates) {
      const language = candidate && candidate.slice(0, 2).toLowerCase();
      if (LANGUAGES.includes(language)) return language;
    }
    return "en";
  }

  async function loadTexts(language) {
    const response = await fetch("messages/" + language + ".json", { cache: "no-cache" });
    texts = await response.json();
    document.documentElement.lang = language;
    document.getElementById("language").value = language;
    document.title = t("title") + " · " + realm;
    document.querySelectorAll("[data-i18n]").forEach((element) => {
      element.textContent = t(element.dataset.i18n);
    });
  }

  // ---- login: authorization code + PKCE ----------------------------------------------------------------------

  function randomText(bytes) {
    const data = new Uint8Array(bytes);
    crypto.getRandomValues(data);
    return base64Url(data);
  }

  function base64Url(data) {
    let text = "";
    data.forEach((b) => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  async function startLogin() {
    const verifier = randomText(48);
    const state = randomText(24);
    const challenge = base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
    store.setItem("coffee.pkce", JSON.stringify({ verifier, state, hash: location.hash }));
    const query = new URLSearchParams({
      client_id: client,
      redirect_uri: pageUrl,
      response_type: "code",
      scope: "openid",
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    location.assign(oidc + "/auth?" + query);
  }

  async function tokenRequest(form) {
    const response = await fetch(oidc + "/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    if (!response.ok) return null;
    const json = await response.json();
    return { access: json.access_token, refresh: json.refresh_token, expiresAt: Date.now() + json.expires_in * 1000 };
  }

  async function finishLogin(params) {
    const pending = JSON.parse(store.getItem("coffee.pkce") || "null");
    store.removeItem("coffee.pkce");
    history.replaceState(null, "", pageUrl + ((pending && pending.hash) || ""));
    if (!pending || pending.state !== params.get("state")) return null;
    return tokenRequest({
      grant_type: "authorization_code",
      client_id: client,
      code: params.get("code"),
      redirect_uri: pageUrl,
      code_verifier: pending.verifier,
    });
  }

  function keep(set) {
    tokens = set;
    if (set) store.setItem("coffee.tokens", JSON.stringify(set));
    else store.removeItem("coffee.tokens");
  }

  async function freshToken() {
    if (tokens && tokens.expiresAt - Date.now() > 20000) return tokens.access;
    const renewed = tokens && tokens.refresh
      ? await tokenRequest({ grant_type: "refresh_token", client_id: client, refresh_token: tokens.refresh })
      : null;
    if (!renewed) {
      keep(null);
      await startLogin();
      return new Promise(() => {}); // the page is leaving
    }
    keep(renewed);
    return renewed.access;
  }

  function claimsOf(accessToken) {
    const part = accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(Array.from(atob(part), (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
    return JSON.parse(json);
  }

  // ---- calls ---------------------------------------------------------------------------------------------------

  async function call(method, path, json) {
    const headers = { Authorization: "Bearer " + (await freshToken()), Accept: "application/json" };
    if (json !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(api + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json() : null;
    return { status: response.status, ok: response.ok, data };
  }

  function problemText(answer) {
    const problem = answer.data || {};
    return problem.detail || problem.title || t("failed", answer.status);
  }

  // ---- page pieces -----------------------------------------------------------------------------------------------

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (name === "class") node.className = value;
      else if (name === "data") Object.assign(node.dataset, value);
      else node.setAttribute(name, value);
    });
    children.flat().forEach((child) => node.append(child instanceof Node ? child : document.createTextNode(child == null ? "" : String(child))));
    return node;
  }

  function alert(kind, text) {
    const box = element("div", { class: "pf-v5-c-alert pf-m-inline pf-m-" + kind + " coffee-alert", role: "status" },
      element("p", { class: "pf-v5-c-alert__title" }, text));
    const alerts = document.getElementById("alerts");
    alerts.replaceChildren(box);
  }

  function cell(label, ...content) {
    return element("td", { class: "pf-v5-c-table__td", "data-label": label }, ...content);
  }

  function time(text) {
    if (!text) return "—";
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(.*)$/.exec(text);
    return match ? match[1] + " " + match[2] + (match[3] && match[3] !== "Z" ? " (" + match[3] + ")" : " UTC") : text;
  }

  function show(id, visible) {
    document.getElementById(id).hidden = !visible;
  }

  // ---- cleanup settings ---------------------------------------------------------------------------------------

  let cleanup = null;

  async function loadCleanup() {
    const answer = await call("GET", "/cleanup");
    if (!answer.ok) {
      alert("danger", problemText(answer));
      return;
    }
    cleanup = answer.data;
    renderSettings();
    renderHistory();
  }

  function renderSettings() {
    const settings = cleanup.settings;
    const defaults = cleanup.serverDefaults;
    document.getElementById("enabled").checked = settings.enabled;
    document.getElementById("lifetimeMinutes").value = settings.lifetimeMinutes == null ? "" : settings.lifetimeMinutes;
    document.getElementById("reminderLeadMinutes").value = settings.reminderLeadMinutes == null ? "" : settings.reminderLeadMinutes;
    document.getElementById("dryRun").checked = settings.dryRun;
    document.getElementById("lifetimeMinutes").placeholder = String(defaults.lifetimeMinutes);
    document.getElementById("reminderLeadMinutes").placeholder = String(defaults.reminderLeadMinutes);
    document.getElementById("lifetimeMinutes-help").textContent = t("emptyMeansServer", defaults.lifetimeMinutes);
    document.getElementById("reminderLeadMinutes-help").textContent = t("leadHelp", defaults.reminderLeadMinutes);
    // A value stored around the API (Keycloak's own admin API, an import) that the cleanup ignores: say so at its field.
    (cleanup.ignored || []).forEach((entry) => {
      const help = document.getElementById(entry.field + "-help");
      if (help) help.textContent = t("ignoredStored", entry.value, entry.message) + " " + help.textContent;
    });
    const policy = cleanup.policy;
    const facts = [
      [t("factState"), policy.enabled ? t("on") : t("off")],
      [t("factLifetime"), t("minutes", policy.lifetimeMinutes)],
      [t("factLead"), t("minutes", policy.reminderLeadMinutes)],
      [t("factSince"), time(policy.enabledSince)],
      [t("factInterval"), t("seconds", policy.intervalSeconds)],
      [t("factDryRun"), policy.dryRun ? t("yes") : t("no")],
    ];
    document.getElementById("policy-facts").replaceChildren(...facts.map(([term, value]) =>
      element("div", { class: "pf-v5-c-description-list__group" },
        element("dt", { class: "pf-v5-c-description-list__term" }, element("span", { class: "pf-v5-c-description-list__text" }, term)),
        element("dd", { class: "pf-v5-c-description-list__description" }, element("div", { class: "pf-v5-c-description-list__text", "data-fact": term }, value)))));
  }

  function minutesField(id) {
    const text = document.getElementById(id).value.trim();
    if (text === "") return null;
    return /^-?\d+$/.test(text) ? Number(text) : text; // the server names what is wrong with anything else
  }

  function clearFieldErrors() {
    ["enabled", "lifetimeMinutes", "reminderLeadMinutes", "dryRun"].forEach((field) => {
      const error = document.getElementById(field + "-error");
      error.hidden = true;
      error.textContent = "";
      const input = document.getElementById(field);
      input.removeAttribute("aria-invalid");
      const wrapper = input.closest(".pf-v5-c-form-control");
      if (wrapper) wrapper.classList.remove("pf-m-error");
    });
  }

  async function saveSettings(event) {
    event.preventDefault();
    clearFieldErrors();
    const answer = await call("PUT", "/cleanup/settings", {
      enabled: document.getElementById("enabled").checked,
      lifetimeMinutes: minutesField("lifetimeMinutes"),
      reminderLeadMinutes: minutesField("reminderLeadMinutes"),
      dryRun: document.getElementById("dryRun").checked,
    });
    if (answer.ok) {
      cleanup = answer.data;
      renderSettings();
      alert("success", t("saved"));
      return;
    }
    const errors = (answer.data && answer.data.errors) || [];
    errors.forEach((error) => {
      const target = document.getElementById(error.field + "-error");
      if (!target) return;
      target.textContent = t("field_" + error.field) + " " + error.message;
      target.hidden = false;
      const input = document.getElementById(error.field);
      input.setAttribute("aria-invalid", "true");
      const wrapper = input.closest(".pf-v5-c-form-control");
      if (wrapper) wrapper.classList.add("pf-m-error");
    });
    alert("danger", errors.length ? t("fixFields") : problemText(answer));
  }

  // ---- cleanup runs -----------------------------------------------------------------------------------------------

  function skippedText(skipped) {
    const parts = Object.entries(skipped || {}).filter(([, count]) => count > 0).map(([reason, count]) => t("skip_" + reason) + " " + count);
    return parts.length ? parts.join(", ") : "0";
  }

  function renderHistory() {
    const history = cleanup.history || [];
    show("history-empty", history.length === 0);
    show("history-table", history.length > 0);
    const rows = history.map((run) => element("tr", { class: "pf-v5-c-table__tr" },
      cell(t("colStarted"), time(run.startedAt)),
      cell(t("colTrigger"), t("trigger_" + run.trigger) + (run.dryRun ? " · " + t("dryRunShort") : "")),
      cell(t("colNode"), run.node),
      cell(t("colExamined"), run.examined),
      cell(t("colDeleted"), run.deleted),
      cell(t("colReminded"), run.reminded),
      cell(t("colSkipped"), skippedText(run.skipped)),
      cell(t("colErrors"), run.errors ? run.errors + ": " + (run.errorMessages || []).join("; ") : "0")));
    document.querySelector("#history-table tbody").replaceChildren(...rows);
  }

  async function run(dry) {
    const buttons = ["preview", "run-now", "run-confirm-yes"].map((id) => document.getElementById(id));
    buttons.forEach((button) => { button.disabled = true; });
    alert("info", dry ? t("previewRunning") : t("runRunning"));
    try {
      // A run is bounded as a scheduled one is: it answers its report when it ends.
      const answer = await call("POST", "/cleanup/run?dryRun=" + dry);
      if (!answer.ok) {
        alert("danger", problemText(answer));
        return;
      }
      const report = answer.data;
      document.getElementById("alerts").replaceChildren();
      document.getElementById("preview-title").textContent = dry ? t("previewTitle") : t("runTitle");
      document.getElementById("preview-summary").textContent = t(dry ? "previewSummary" : "runSummary",
        report.examined, report.deleted, report.reminded) + (report.complete === false ? " " + t("runIncomplete") : "");
      const users = report.users || [];
      show("preview-table", users.length > 0);
      document.querySelector("#preview-table tbody").replaceChildren(...users.map((user) => element("tr", { class: "pf-v5-c-table__tr", data: { user: user.id } },
        cell(t("colUser"), user.action === "deleted" && !dry
          ? user.email
          : element("a", { href: consoleUsers + encodeURIComponent(user.id) + "/settings", target: "_top" }, user.email)),
        cell(t("colAction"), t("action_" + user.action)),
        cell(t("colDeadline"), time(user.deletionDueAt)))));
      show("preview-result", true);
      await loadCleanup();
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
      show("run-confirm", false);
    }
  }

  // ---- mail ----------------------------------------------------------------------------------------------------------

  async function loadMail() {
    const [status, dead] = await Promise.all([call("GET", "/mail"), call("GET", "/mail/dead")]);
    if (!status.ok || !dead.ok) {
      alert("danger", problemText(status.ok ? dead : status));
      return;
    }
    const counts = [
      ["pending", status.data.pending - status.data.retrying, ""],
      ["retrying", status.data.retrying, "pf-m-warning"],
      ["dead", status.data.dead, "pf-m-danger"],
      ["expired", status.data.expired, "pf-m-warning"],
    ];
    const tiles = counts.map(([key, value, kind]) => element("div", { class: "coffee-count " + kind, id: "count-" + key },
      element("div", { class: "coffee-count-value" }, value),
      element("div", { class: "coffee-count-label" }, t("count_" + key))));
    tiles.push(element("div", { class: "coffee-count", id: "count-oldest" },
      element("div", { class: "coffee-count-value coffee-count-small" }, time(status.data.oldestPendingSince)),
      element("div", { class: "coffee-count-label" }, t("count_oldest"))));
    document.getElementById("mail-counts").replaceChildren(...tiles);
    const mails = dead.data.mails || [];
    show("dead-empty", mails.length === 0);
    show("dead-table", mails.length > 0);
    document.querySelector("#dead-table tbody").replaceChildren(...mails.map((mail) => element("tr", { class: "pf-v5-c-table__tr", data: { mail: mail.id } },
      cell(t("colRecipient"), mail.recipient),
      cell(t("colSubject"), mail.subject || ""),
      cell(t("colAttempts"), mail.attempts),
      cell(t("colLastAttempt"), time(mail.lastAttemptAt)),
      cell(t("colError"), element("span", { class: "coffee-error-text" }, mail.error || "")),
      cell("", retryControl(mail)))));
  }

  function retryControl(mail) {
    if (!permissions.has("mail:retry")) return "";
    if (!mail.retryable) return element("span", { class: "coffee-help" }, t("linkExpired"));
    const button = element("button", { class: "pf-v5-c-button pf-m-secondary pf-m-small", type: "button", "data-retry": mail.id }, t("retry"));
    button.addEventListener("click", async () => {
      button.disabled = true;
      const answer = await call("POST", "/mail/" + encodeURIComponent(mail.id) + "/retry");
      alert(answer.ok ? "success" : "danger", answer.ok ? t("retried", mail.recipient) : problemText(answer));
      await loadMail();
    });
    return button;
  }

  // ---- tabs -------------------------------------------------------------------------------------------------------------

  const loaded = {};

  async function showTab() {
    const tab = ["settings", "runs", "mail"].includes(location.hash.slice(1)) ? location.hash.slice(1) : "settings";
    document.querySelectorAll("#tabs .pf-v5-c-tabs__item").forEach((item) => {
      const current = item.dataset.tab === tab;
      item.classList.toggle("pf-m-current", current);
      item.querySelector("a").setAttribute("aria-selected", String(current));
    });
    ["settings", "runs", "mail"].forEach((name) => show("panel-" + name, name === tab));
    document.getElementById("alerts").replaceChildren();
    const mayCleanup = permissions.has("cleanup:run");
    const mayMail = permissions.has("mail:read");
    if (tab === "settings" || tab === "runs") {
      show(tab + "-denied", !mayCleanup);
      show(tab + "-body", mayCleanup);
      if (mayCleanup && !loaded.cleanup) {
        loaded.cleanup = true;
        await loadCleanup();
      }
    } else {
      show("mail-denied", !mayMail);
      show("mail-body", mayMail);
      if (mayMail) await loadMail();
    }
    document.body.dataset.ready = tab;
  }

  // ---- start --------------------------------------------------------------------------------------------------------------

  async function start() {
    const params = new URLSearchParams(location.search);
    if (params.has("code") || params.has("error")) {
      keep(await finishLogin(params));
      if (!tokens) {
        await loadTexts(chosenLanguage(null));
        show("loading", false);
        alert("danger", t("loginFailed"));
        return;
      }
    } else {
      tokens = JSON.parse(store.getItem("coffee.tokens") || "null");
    }
    await freshToken();
    const claims = claimsOf(tokens.access);
    permissions = new Set(((claims.resource_access || {})["coffee-api"] || {}).roles || []);
    await loadTexts(chosenLanguage(claims));
    document.getElementById("who").textContent = claims.email || claims.preferred_username || "";
    show("loading", false);
    document.getElementById("language").addEventListener("change", async (event) => {
      localStorage.setItem("coffee.console.lang", event.target.value);
      await loadTexts(event.target.value);
      if (cleanup) { renderSettings(); renderHistory(); }
      await showTab();
    });
    document.getElementById("settings-form").addEventListener("submit", saveSettings);
    document.getElementById("preview").addEventListener("click", () => run(true));
    document.getElementById("run-now").addEventListener("click", () => show("run-confirm", true));
    document.getElementById("run-confirm-no").addEventListener("click", () => show("run-confirm", false));
    document.getElementById("run-confirm-yes").addEventListener("click", () => run(false));
    window.addEventListener("hashchange", showTab);
    await showTab();
  }

  start().catch((error) => {
    show("loading", false);
    alert("danger", String(error));
  });
})();
