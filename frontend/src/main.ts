import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { installCutTips } from './lib/cuttip';
import { markOS } from './lib/fonts';

// Before the first layout: the font stacks depend on it (lib/fonts.ts).
markOS();
const target = document.getElementById('app');
if (!target) {
  throw new Error('Dossier: #app element missing from index.html');
}

const app = mount(App, { target });
installCutTips();

export default app;
