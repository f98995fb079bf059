/** Entry point: placeholder until the app shell lands. */
document.querySelector('porthole-app')?.setAttribute('data-state', 'init');
