import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { readParams } from './app/params.ts';
import './app/page.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html: no #root element');
createRoot(root).render(<App params={readParams(location.search)} />);
