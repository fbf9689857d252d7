/** The three locales/<lang>/widget.json catalogs, put in by src/web/bundle.ts at build time. */
declare const __WIDGET_CATALOGS__: Record<'en' | 'fr' | 'es', Record<string, string>>;
