export { DEMO_PASSWORD, DEMO_USERS, type DemoUser } from './demo-users.ts';
export { isEmpty, seedDemo } from './seed.ts';
