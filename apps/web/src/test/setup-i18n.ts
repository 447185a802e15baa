import { loadDictionary } from '../i18n/dictionaries';

// The app loads its reader's words before it renders (main.tsx); the tests read both languages.
await Promise.all([loadDictionary('en'), loadDictionary('de')]);
