import { createContext, useContext } from 'react';
import type { Actor, Environment } from './api/types.js';

export interface AppContextValue {
  actor: Actor;
  project: string;
  environments: Environment[];
  /** The environment screens default to (the first one). */
  environment: string;
  setEnvironment: (key: string) => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside the signed-in shell');
  return value;
}
