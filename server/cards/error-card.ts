/**
 * Errors as cards: GitHub's image proxy shows (and caches) any non-2xx as a broken image, so
 * errors are answered with this card, HTTP 200 and a short cache.
 * @see README.md#cards
 */

import { box, glueEmoji, line, type CardElement } from "./element.ts";
import { cardFrame } from "./frame.ts";
import { THEMES } from "./themes.ts";

/** Least height of the error card in px; a message that wraps makes it taller. */
export const ERROR_CARD_HEIGHT = 80;

/** Most lines of the message: enough for every accepted value of any option. */
export const ERROR_MESSAGE_LINES = 5;

/**
 * A card with a title and what to fix, wrapped so a list of accepted values is shown whole, in
 * the dark theme (options may be the broken part, so none are used). Render it without a height:
 * satori sizes it to its text.
 * @example
 * errorCard("Unknown user", "123 is not monitored by this presence-kit instance");
 */
export function errorCard(title: string, message: string): CardElement {
  const colors = THEMES.dark;
  return cardFrame(
    { bg: colors.bg, border: "#f23f43", radius: 10 },
    {
      padding: "14px 18px",
      minHeight: ERROR_CARD_HEIGHT - 2, // inside the 1 px border
      flexDirection: "column",
      justifyContent: "center",
      gap: 4,
      fontFamily: "Inter",
    },
    line({ fontSize: 15, fontWeight: 700, color: "#f23f43" }, title),
    box(
      { display: "block", lineClamp: ERROR_MESSAGE_LINES, fontSize: 13, color: colors.muted },
      glueEmoji(message),
    ),
  );
}
