/** An issue anywhere on the installation, written `owner/repo#number`. */
export interface IssueRef {
  owner: string;
  repo: string;
  number: number;
}

export function formatIssueRef(ref: IssueRef): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`;
}

export function parseIssueRef(text: unknown): IssueRef | undefined {
  if (typeof text !== "string") return undefined;
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)#(\d+)$/.exec(text);
  if (!match) return undefined;
  return { owner: match[1]!, repo: match[2]!, number: Number(match[3]) };
}

export function sameIssue(a: IssueRef, b: IssueRef): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase() && a.number === b.number;
}

/** How to mention an issue from a body in `from`'s repository: `#12` in the same repository, `o/r#12` elsewhere. */
export function issueMention(ref: IssueRef, from: { owner: string; repo: string }): string {
  const sameRepo = ref.owner.toLowerCase() === from.owner.toLowerCase() && ref.repo.toLowerCase() === from.repo.toLowerCase();
  return sameRepo ? `#${ref.number}` : formatIssueRef(ref);
}
