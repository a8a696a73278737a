import { createApp } from 'vue'
import App from './App.vue'
import pinia from './stores'
import router from './router'
import { setupDirectives } from './directives'
import './styles/index.css'

const app = createApp(App)
app.use(pinia)
app.use(router)
setupDirectives(app)
app.mount('#app')
