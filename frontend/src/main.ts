import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { installCutTips } from './lib/cuttip';

const target = document.getElementById('app');
if (!target) {
  throw new Error('Dossier: #app element missing from index.html');
}

const app = mount(App, { target });
installCutTips();

export default app;
