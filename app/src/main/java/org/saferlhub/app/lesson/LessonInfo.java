package org.saferlhub.app.lesson;

/**
 * What the learning path shows about one lesson.
 *
 * @param slug the URL name, e.g. {@code blackjack} for {@code /lessons/blackjack}
 * @param number the lesson's position in the path, from 1
 * @param title the lesson's title
 * @param summary one or two sentences on what the learner will do
 * @param minutes the expected time in minutes
 */
public record LessonInfo(String slug, int number, String title, String summary, int minutes) {}
