/**
 * The policy lab's plots, drawn once for the CLI's files and the web server's figures alike: the
 * charts ({@link org.saferlhub.app.figures.LabPlots}), each with the command that made it ({@link
 * org.saferlhub.app.figures.Plot}), and the fixed list of figures the answer page shows ({@link
 * org.saferlhub.app.figures.Figures}).
 */
@NullMarked
package org.saferlhub.app.figures;

import org.jspecify.annotations.NullMarked;
