import { readMarker, type MarkerKind } from "../domain/markers.js";
import { writtenByApp, type IssueComment } from "./github-client.js";

/**
 * The app's own comments carrying a marker of a kind, oldest first. Markers are trusted only in
 * comments an app wrote: a person cannot post as a Bot account.
 */
export function appComments(comments: readonly IssueComment[], kind: MarkerKind): IssueComment[] {
  return comments.filter((comment) => writtenByApp(comment.user) && readMarker(comment.body, kind) !== undefined);
}

/** The data of those markers, oldest first. */
export function appMarkers(comments: readonly IssueComment[], kind: MarkerKind): Record<string, unknown>[] {
  return appComments(comments, kind).map((comment) => readMarker(comment.body, kind)!);
}

/** Whether the app already said something of this kind (and, if given, matching). */
export function hasAppMarker(comments: readonly IssueComment[], kind: MarkerKind, matches: (data: Record<string, unknown>) => boolean = () => true): boolean {
  return appMarkers(comments, kind).some(matches);
}
