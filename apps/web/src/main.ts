import { createApp } from 'vue';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import { loadCapabilities } from './api/capabilities';
import { router } from './router';

void loadCapabilities();
createApp(App).use(router).mount('#app');
