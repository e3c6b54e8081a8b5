/**
 * Errors as cards: GitHub's image proxy shows (and caches) any non-2xx as a broken image, so
 * errors are answered with this card, HTTP 200 and a short cache.
 * @see README.md#cards
 */

import { line, type CardElement } from "./element.ts";
import { cardFrame } from "./frame.ts";
import { THEMES } from "./themes.ts";

/** Height of the error card in px. */
export const ERROR_CARD_HEIGHT = 80;

/**
 * A card with a title and one line saying what to fix, in the dark theme (options may be the
 * broken part, so none are used).
 * @example
 * errorCard("Unknown user", "123 is not monitored by this presence-kit instance");
 */
export function errorCard(title: string, message: string): CardElement {
  const colors = THEMES.dark;
  return cardFrame(
    { bg: colors.bg, border: "#f23f43", radius: 10 },
    { padding: "14px 18px", flexDirection: "column", justifyContent: "center", gap: 4, fontFamily: "Inter" },
    line({ fontSize: 15, fontWeight: 700, color: "#f23f43" }, title),
    line({ fontSize: 13, color: colors.muted }, message),
  );
}
