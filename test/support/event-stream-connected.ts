/** Waits until the bot hears the master's /ws events live (a build that ended before would only be caught up). */
import type { Bot } from '../../src/app.js';

export async function eventStreamConnected(bot: Bot, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!bot.notifications.pipelines.every((pipeline) => pipeline.events.isConnected())) {
    if (Date.now() > deadline) throw new Error('the event stream never connected');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
