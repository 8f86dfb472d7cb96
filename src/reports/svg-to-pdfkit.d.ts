declare module 'svg-to-pdfkit' {
  /** Draws an SVG (XML text) into a PDFKit document at (x, y). */
  function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: {
      width?: number;
      height?: number;
      assumePt?: boolean;
      fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
      warningCallback?: (message: string) => void;
    },
  ): void;
  export = SVGtoPDF;
}
