import type { Alert } from '@ralf/shared';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../components/FormError';
import { useOwnText, type OwnText } from '../../lib/own-text';
import { queryClient, trpc } from '../../lib/trpc';
import { useNotices } from '../../stores/notices';
import de from './silence-text.de.json';
import en from './silence-text.en.json';

export const SILENCE_TEXT: OwnText<keyof typeof en> = { en, de };
const DURATIONS = [60, 240, 1440, 10080] as const;

/**
 * Silences one alert through Alertmanager (issue 21): for how long and why, both required; the
 * silence covers exactly this alert's labels. Loaded when an operator opens it.
 */
export default function SilenceForm({ alert, onDone }: { alert: Alert; onDone: () => void }) {
  const st = useOwnText(SILENCE_TEXT);
  const say = useNotices((n) => n.say);
  const [minutes, setMinutes] = useState<number>(240);
  const [comment, setComment] = useState('');
  const name = alert.subjectName ? `${alert.name} (${alert.subjectName})` : alert.name;
  const silence = useMutation(
    trpc.alerts.silence.mutationOptions({
      onSuccess: (r) => {
        say(st('done', { name, until: r.endsAt }));
        void queryClient.invalidateQueries(trpc.alerts.state.queryFilter());
        onDone();
      },
    }),
  );
  return (
    <form
      className="inline-form silence-form"
      aria-label={st('title', { name })}
      onSubmit={(e) => {
        e.preventDefault();
        silence.mutate({ name: alert.name, subject: alert.subject, minutes, comment });
      }}
    >
      <label>
        {st('for')}{' '}
        <select className="select" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {DURATIONS.map((d) => (
            <option key={d} value={d}>
              {st(`duration.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <input
        className="input"
        required
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={st('comment')}
        aria-label={st('comment')}
        maxLength={500}
      />
      <button type="submit" className="btn primary" disabled={silence.isPending || !comment.trim()}>
        {st('silence')}
      </button>
      <button type="button" className="btn" onClick={onDone}>
        {st('cancel')}
      </button>
      <FormError error={silence.error} />
    </form>
  );
}
