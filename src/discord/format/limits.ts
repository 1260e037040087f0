/** Discord's hard limits on what a bot sends (https://discord.com/developers/docs/resources/message). Message content stays far below its 2,000: only short notices go there. */
export const LIMITS = {
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedsPerMessage: 10,
  /** Titles, descriptions, fields, footers and authors of all embeds in a message, together. */
  embedTotal: 6000,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  buttonLabel: 80,
  customId: 100,
  threadName: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;
