import { readMarkerData, type MarkerData, type PlainMarkerKind } from "../domain/markers.js";
import { writtenByApp, type IssueComment } from "./github-client.js";

/**
 * The app's own comments carrying a marker of a kind whose payload matches its schema, oldest
 * first. Markers are trusted only in comments an app wrote: a person cannot post as a Bot account.
 */
export function appComments(comments: readonly IssueComment[], kind: PlainMarkerKind): IssueComment[] {
  return comments.filter((comment) => writtenByApp(comment.user) && readMarkerData(comment.body, kind) !== undefined);
}

/** The payloads of those markers, oldest first. */
export function appMarkers<K extends PlainMarkerKind>(comments: readonly IssueComment[], kind: K): MarkerData<K>[] {
  return comments.flatMap((comment) => {
    const data = writtenByApp(comment.user) ? readMarkerData(comment.body, kind) : undefined;
    return data === undefined ? [] : [data];
  });
}

/** Whether the app already said something of this kind (and, if given, matching). */
export function hasAppMarker<K extends PlainMarkerKind>(comments: readonly IssueComment[], kind: K, matches: (data: MarkerData<K>) => boolean = () => true): boolean {
  return appMarkers(comments, kind).some(matches);
}
