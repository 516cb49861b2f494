/**
 * "Fix the robots", the quiz game, as the server plays it: the rules, the question pool taken from
 * the lessons' quizzes, one round with its answer key, and the live rounds the server keeps.
 */
@NullMarked
package org.saferlhub.app.game;

import org.jspecify.annotations.NullMarked;
