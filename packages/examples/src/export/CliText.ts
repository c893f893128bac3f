/**
 * The export command's text as it reaches a person: @effect/cli's help without its generic type sentences or, off a
 * terminal, its ANSI styles, and errors flattened to one line.
 *
 * @since 0.1.0
 */
import * as Span from "@effect/cli/HelpDoc/Span"
import * as Primitive from "@effect/cli/Primitive"
import * as Option from "effect/Option"

const ansiStyles = /\x1b\[[0-9;]*m/g

/**
 * ANSI colour codes and line breaks of a help document or error, flattened to one line.
 *
 * @since 0.1.0
 * @category rendering
 */
export const flatten = (text: string) =>
  text.replace(ansiStyles, "").split("\n").map((line) => line.trim()).filter((line) => line !== "").join(" ")

// @effect/cli opens every option's paragraph with the generic sentence of its value type ("A user-defined piece of
// text.", "An integer.", "One of the following: …"), which says less than the usage line above it, and it has no
// setting to leave the sentence out. Taken from the library itself, so that a reworded sentence is still recognised.
const sentenceOf = (span: Span.Span) => Span.isText(span) ? span.value : ""
const typeSentences = new Set([
  sentenceOf(Primitive.getHelp(Primitive.text)),
  sentenceOf(Primitive.getHelp(Primitive.integer)),
  sentenceOf(Primitive.getHelp(Primitive.float)),
  sentenceOf(Primitive.getHelp(Primitive.date)),
  sentenceOf(Primitive.getHelp(Primitive.boolean(Option.none())))
])
const choicesPrefix = sentenceOf(Primitive.getHelp(Primitive.choice([["", ""]])))
const isTypeSentence = (line: string) => {
  const text = line.replace(ansiStyles, "").trim()
  return typeSentences.has(text) || (choicesPrefix !== "" && text.startsWith(choicesPrefix))
}

/**
 * What @effect/cli prints through `Console.log` (the help, the version), as it should reach the user: without the
 * type sentences (and the blank line after each), and without ANSI styles unless stdout is a terminal that wants
 * them (`styled`), so that `--help > file` or `--help | less` holds plain text.
 *
 * @since 0.1.0
 * @category rendering
 */
export const forStdout = (text: string, styled: boolean) => {
  const lines = text.split("\n")
  // A type sentence goes with the blank line that separated it from the description.
  const kept = lines.filter((line, i) => !isTypeSentence(line) && !(line === "" && isTypeSentence(lines[i - 1] ?? "")))
  const plain = kept.join("\n")
  return styled ? plain : plain.replace(ansiStyles, "")
}
