// Label statuses, checked again against the visitor's date. A static build can
// be months old: the page must never keep calling "Valide" a label that has
// expired since. The rule is the generator's (model.Award.status): expired the
// day after the expiry date, "expire bientôt" within 90 days of it, and "à
// confirmer" when the expiry is not a fact (unknown, or estimated from an
// assumption): the page then carries no date to check, never "expiré".

// The vocabulary is generated from generator/model.py (site/vocabulary.py).
import { SOON_DAYS, STATUSES, STATUS_TEXT } from "./vocabulary.js";

export { STATUSES, STATUS_TEXT };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86400000;

// Whole days counted in UTC, so a daylight-saving change never shifts a boundary.
export function dayNumber(iso) {
  const m = ISO_DATE.exec(iso || "");
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS : NaN;
}

// The visitor's calendar day, in their own time zone, as the build does with its own.
export function todayNumber(now = new Date()) {
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / DAY_MS;
}

export function statusOf(expiresDay, today) {
  if (Number.isNaN(expiresDay)) return "a-confirmer";
  if (today > expiresDay) return "expire";
  if (expiresDay - today <= SOON_DAYS) return "expire-bientot";
  return "valide";
}

export function setBadge(badge, status) {
  for (const s of STATUSES) badge.classList.toggle(`rse-status--${s}`, s === status);
  badge.dataset.rseStatus = status;
  if (badge.textContent !== STATUS_TEXT[status]) badge.textContent = STATUS_TEXT[status];
}

export function init(root) {
  const today = todayNumber();
  for (const el of root.querySelectorAll("[data-rse-expires]")) {
    const day = dayNumber(el.getAttribute("data-rse-expires"));
    if (Number.isNaN(day)) continue;
    const status = statusOf(day, today);
    for (const badge of el.querySelectorAll(".rse-status")) setBadge(badge, status);
  }
}
