/**
 * Experiments that join the layers below into one resumable job: {@code experiment emergence} finetunes checkpoints
 * on expert game episodes ({@code train}, {@code games}), plays the games in self-play, measures each checkpoint's
 * held-out loss, and fits where the skill emerges ({@code analysis}). Every cell of a grid is an independent job with
 * its own folder, so a cluster can run cells in parallel and a stopped grid resumes.
 */
package dev.lightbulb.experiment;
