/** What a member is told when the answer queue is full: the truth, and when to try again. */
export function busyText(waitSeconds: number): string {
  return `I'm busy answering a lot of questions right now; please try again in ${waitSeconds} s.`;
}
