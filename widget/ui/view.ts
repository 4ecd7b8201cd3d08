import type { Translate } from '../i18n.ts';
import type { WidgetModel } from '../model.ts';

/** What every step view receives: it reads the model and calls its actions, nothing more. */
export interface ViewProps {
  model: WidgetModel;
  t: Translate;
}
