/** Entry point: the app shell. */
import './ui/porthole-app';
