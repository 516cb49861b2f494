/** Lesson pages: Markdown with math, widgets and glossary terms, rendered once to HTML. */
@NullMarked
package org.saferlhub.app.lesson;

import org.jspecify.annotations.NullMarked;
