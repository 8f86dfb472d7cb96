/**
 * The fonts of the reports: DejaVu Sans (npm package dejavu-fonts-ttf), embedded in the PDF and
 * given to the PNG renderer. It covers French typography (é, œ, ’, « », €, no-break spaces) and
 * far beyond, so a name or comment in another script still prints; a font of the system is never
 * relied on (CI machines have none).
 */
export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  oblique: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
} as const;
