/**
 * Slack's renderers, pure: neutral messages and view data → Block Kit. Shared primitives and
 * limits (blocks.ts), messages (messages.ts), the vote and launch modals (modals.ts), the App
 * Home (home.ts).
 */
export * from './blocks';
export * from './messages';
export * from './modals';
export * from './home';
export * from './followup';
export * from './survey-modal';
