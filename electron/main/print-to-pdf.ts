// runtime: electron-main
import { BrowserWindow } from 'electron';

/**
 * Renders a standalone HTML report to PDF in a hidden, locked-down window: no preload,
 * no JavaScript, sandboxed, and navigation away from the report is impossible because the
 * window is destroyed as soon as the PDF is printed.
 */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
  });
  try {
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    return new Uint8Array(pdf);
  } finally {
    window.destroy();
  }
}
