import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Providers } from './app/providers';
import { AppRoutes } from './app/router';
import { loadDictionary } from './i18n/dictionaries';
import { useLocale } from './stores/locale';
import './styles.css';

// The reader's words first (their own chunk, fetched beside the page's data), then the app.
void loadDictionary(useLocale.getState().locale).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Providers>
        <AppRoutes />
      </Providers>
    </StrictMode>,
  ),
);
