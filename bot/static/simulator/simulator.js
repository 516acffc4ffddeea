// The simulator: builds LINE webhook events, has them signed, posts them to /line/webhook,
// and polls what the fake LINE API received for this chat (replies and pushes).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const log = $("log"), quick = $("quick"), statusLine = $("status");
  const store = window.localStorage;
  let userId = store.getItem("sim.userId");
  let after = Number(store.getItem("sim.after." + userId) || 0);
  let polling = null, fastPolls = 0;

  function hex(bytes) {
    const a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function messageId() { return String(Date.now()) + String(Math.floor(Math.random() * 1e5)).padStart(5, "0"); }
  function eventBase(type) {
    return {
      type, mode: "active", timestamp: Date.now(),
      source: { type: "user", userId },
      webhookEventId: ("01" + hex(12)).toUpperCase().slice(0, 26),
      deliveryContext: { isRedelivery: false },
      replyToken: "sim." + userId + "." + hex(8),
    };
  }
  function setStatus(text) { statusLine.textContent = text || ""; }

  async function post(event) {
    const body = JSON.stringify({ destination: "U" + "0".repeat(32), events: [event] });
    try {
      const signed = await fetch("api/sign", { method: "POST", body,
        headers: { "Content-Type": "application/json" } }).then((r) => r.json());
      const res = await fetch("/line/webhook", { method: "POST", body,
        headers: { "Content-Type": "application/json", "X-Line-Signature": signed.signature } });
      setStatus(res.ok ? "" : "เว็บฮุกตอบ " + res.status);
    } catch (err) {
      setStatus("ส่งไม่สำเร็จ: " + err);
    }
    fastPolls = 12;
    schedule(150);
  }

  function row(who, child, meta) {
    const r = document.createElement("div");
    r.className = "row " + who;
    r.appendChild(child);
    if (meta) {
      const m = document.createElement("div");
      m.className = "meta";
      m.textContent = meta;
      r.appendChild(m);
    }
    log.appendChild(r);
    log.scrollTop = log.scrollHeight;
  }
  function bubble(text, extra) {
    const b = document.createElement("div");
    b.className = "bubble" + (extra ? " " + extra : "");
    b.textContent = text;
    return b;
  }
  function showMine(text, extra) { row("me", bubble(text, extra)); }

  function sendText(text) {
    if (!text.trim()) return;
    showMine(text);
    post(Object.assign(eventBase("message"), {
      message: { id: messageId(), type: "text", text, quoteToken: hex(8) } }));
  }
  function sendPostback(data, label) {
    if (label) showMine(label);
    post(Object.assign(eventBase("postback"), { postback: { data } }));
  }
  function sendSticker() {
    showMine("🙂", "sticker");
    post(Object.assign(eventBase("message"), { message: { id: messageId(), type: "sticker",
      quoteToken: hex(8), packageId: "446", stickerId: "1988", stickerResourceType: "STATIC" } }));
  }
  async function upload(id, type, base64) {
    await fetch("api/content/" + id + "?type=" + encodeURIComponent(type), {
      method: "POST", body: base64, headers: { "Content-Type": "text/plain" } });
  }
  async function sendImage() {
    const canvas = document.createElement("canvas");
    canvas.width = 320; canvas.height = 200;
    const g = canvas.getContext("2d");
    const grad = g.createLinearGradient(0, 0, 320, 200);
    grad.addColorStop(0, "#06c755"); grad.addColorStop(1, "#1b5e20");
    g.fillStyle = grad; g.fillRect(0, 0, 320, 200);
    g.fillStyle = "#fff"; g.font = "bold 28px sans-serif";
    g.fillText("ใบเสร็จ (ทดสอบ)", 40, 90);
    g.font = "18px sans-serif"; g.fillText(new Date().toLocaleString("th-TH"), 40, 130);
    const url = canvas.toDataURL("image/png");
    const img = document.createElement("img");
    img.className = "thumb"; img.alt = "รูปภาพที่ส่ง"; img.src = url;
    row("me", img);
    const id = messageId();
    await upload(id, "image/png", url.split(",")[1]);
    post(Object.assign(eventBase("message"), { message: { id, type: "image",
      quoteToken: hex(8), contentProvider: { type: "line" } } }));
  }
  async function sendPdf() {
    const pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
      "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    const id = messageId();
    showMine("📄 หลักฐาน.pdf");
    await upload(id, "application/pdf", btoa(pdf));
    post(Object.assign(eventBase("message"), { message: { id, type: "file",
      fileName: "หลักฐาน.pdf", fileSize: pdf.length } }));
  }
  function sendLocation() {
    const address = window.prompt("ที่อยู่ของตำแหน่งที่จะส่ง",
      "99/1 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพมหานคร 10400");
    if (!address) return;
    showMine("📍 " + address);
    post(Object.assign(eventBase("message"), { message: { id: messageId(), type: "location",
      title: "ตำแหน่งที่ส่ง", address, latitude: 13.7649, longitude: 100.5383 } }));
  }
  const senders = { sticker: sendSticker, image: sendImage, pdf: sendPdf, location: sendLocation };

  function onAction(action) {
    if (!action) return;
    if (action.type === "postback") sendPostback(action.data, action.displayText || action.label);
    else if (action.type === "message") sendText(action.text);
    else if (action.type === "location") sendLocation();
    else if (action.type === "cameraRoll" || action.type === "camera") sendImage();
    else if (action.type === "uri") window.open(action.uri, "_blank", "noopener");
  }

  function showQuick(message) {
    quick.replaceChildren();
    const items = (message && message.quickReply && message.quickReply.items) || [];
    for (const item of items) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = item.action.label;
      b.addEventListener("click", () => { quick.replaceChildren(); onAction(item.action); });
      quick.appendChild(b);
    }
  }
  function showBot(message, kind) {
    const meta = kind === "push" ? "ส่งภายหลัง (push)" : "";
    if (message.type === "text") row("bot", bubble(message.text), meta);
    else if (message.type === "flex") row("bot", window.renderFlex(message.contents, onAction), meta);
    else if (message.type === "sticker") row("bot", bubble("🙂", "sticker"), meta);
    else row("bot", bubble("[" + message.type + "]"), meta);
  }

  async function poll() {
    polling = null;
    try {
      const res = await fetch("api/messages?to=" + userId + "&after=" + after);
      const data = await res.json();
      let last = null;
      for (const item of data.items || []) {
        for (const m of item.messages) { showBot(m, item.kind); last = m; }
        after = item.id;
      }
      store.setItem("sim.after." + userId, String(after));
      if (last) showQuick(last);
    } catch (err) {
      setStatus("อ่านข้อความไม่ได้: " + err);
    }
    schedule(fastPolls-- > 0 ? 250 : 1500);
  }
  function schedule(ms) {
    if (polling) clearTimeout(polling);
    polling = setTimeout(poll, ms);
  }

  async function richMenu() {
    const data = await fetch("api/richmenu").then((r) => r.json());
    const nav = $("richmenu");
    for (const area of data.areas) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = area.label;
      b.addEventListener("click", () => sendPostback(area.data, area.label));
      nav.appendChild(b);
    }
  }

  function newUser() {
    userId = "U" + hex(16);
    after = 0;
    store.setItem("sim.userId", userId);
    log.replaceChildren();
    quick.replaceChildren();
    post(Object.assign(eventBase("follow"), { follow: { isUnblocked: false } }));
  }

  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $("text");
    const text = input.value;
    input.value = "";
    quick.replaceChildren();
    sendText(text);
  });
  $("more").addEventListener("click", () => {
    const panel = $("attach");
    panel.hidden = !panel.hidden;
    $("more").setAttribute("aria-expanded", String(!panel.hidden));
  });
  for (const b of document.querySelectorAll("[data-send]")) {
    b.addEventListener("click", () => { $("attach").hidden = true; senders[b.dataset.send](); });
  }
  $("new-chat").addEventListener("click", newUser);

  richMenu();
  if (!userId) newUser();
  else { after = 0; schedule(0); }
})();
