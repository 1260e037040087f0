/** Discord's hard limits on one message (https://discord.com/developers/docs/resources/message). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedsPerMessage: 10,
  /** Title, description, field names and values, footer and author of every embed in a message, together. */
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
