/**
 * Transcripts of episodes, as clembench writes them beside its records (clemcore@e99b0336,
 * clemgame/transcript_utils.py), built from an episode's interactions.json alone: {@link
 * dev.lightbulb.games.transcript.Transcript} reads the events, {@link dev.lightbulb.games.transcript.TranscriptHtml}
 * and {@link dev.lightbulb.games.transcript.TranscriptTex} lay them out in two tracks (player A, the game master,
 * player B). Every text from a record is escaped ({@link dev.lightbulb.games.transcript.HtmlText}, {@link
 * dev.lightbulb.games.transcript.LatexText}); a value that is not a string is shown as Python prints it
 * ({@link dev.lightbulb.games.transcript.PyStr}), as clembench's transcripts show it. Pages are self-contained
 * ({@link dev.lightbulb.games.transcript.HtmlPage}: inline style and script, a policy that loads nothing).
 */
package dev.lightbulb.games.transcript;
