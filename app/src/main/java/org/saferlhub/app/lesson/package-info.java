/** Lesson pages: Markdown with protected math, widgets and glossary terms, rendered to HTML once. */
@NullMarked
package org.saferlhub.app.lesson;

import org.jspecify.annotations.NullMarked;
