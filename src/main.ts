/** Entry point: theme, then the app shell. */
import './ui/theme.css';
import './ui/porthole-app';
