/**
 * Reading results in a web browser, from local files: {@link dev.lightbulb.games.browse.ResultsBrowser} writes every
 * episode's transcripts and, over them, {@code index.html} (the clemscore table) and a page per game listing every
 * episode with filters; {@link dev.lightbulb.games.browse.RunComparison} pairs the same instances of two runs, with
 * per-game score differences and paired bootstrap intervals, and {@link dev.lightbulb.games.browse.ComparisonPages}
 * shows them, with the two transcripts of each pair side by side.
 */
package dev.lightbulb.games.browse;
