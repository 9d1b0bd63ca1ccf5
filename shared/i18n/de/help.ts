import type { Catalogue } from '../catalogue.ts';
import type en from '../en/help.ts';

// Keys as a German keyboard prints them: Strg, Umschalt, Eingabe, Leertaste, Pos1, Ende, Bild↑/Bild↓.
const help: Catalogue<typeof en> = {
  title: 'So arbeitet der Kiosk',
  close: 'Schließen',
  keyboard: 'Tastatur',
  flow: {
    capture: { step: 'Erfassen', text: 'Nehmen Sie die Aktivierungsanfrage des Geräts auf: per Kamera, Handscanner, als Datei vom USB-Stick oder als eingefügten Text.' },
    queue: { step: 'Warteschlange', text: 'Der Kiosk behält jede Anfrage und sendet sie an den Lizenzdienst, sobald der Laptop online ist. Offline geht nichts verloren.' },
    deliver: { step: 'Zustellen', text: 'Geben Sie die geprüfte Antwort an das Gerät zurück: als Datei auf dem Stick oder als QR-Code, den das Gerät vom Bildschirm liest.' },
    prove: { step: 'Nachweisen', text: 'Jeder Schritt wird protokolliert; die Quittung eines Geräts bestätigt, dass die Antwort angewendet wurde.' },
  },
  shortcuts: {
    anywhere: {
      title: 'Überall',
      screens: { keys: 'Alt+1 … Alt+5', what: 'Erfassen, Warteschlange, Zustellen, Einstellungen, Protokoll' },
      help: { keys: '? (Umschalt+ß) oder F1', what: 'Diese Hilfe' },
      close: { keys: 'Esc', what: 'Einen Bereich oder diese Hilfe schließen' },
    },
    capture: {
      title: 'Erfassen',
      scanner: { keys: 'Handscanner', what: 'Irgendwo auf diesem Bildschirm scannen: Die Anfrage wird beim Eintreffen gelesen' },
      add: { keys: 'Strg+Eingabe', what: 'Den eingefügten Text hinzufügen' },
      choose: { keys: 'Eingabe oder Leertaste', what: 'Dateien auswählen (im Ablagebereich)' },
    },
    lists: {
      title: 'Listen Warteschlange und Zustellen',
      move: { keys: '↑ ↓ Pos1 Ende Bild↑ Bild↓', what: 'Durch die Zeilen gehen' },
      open: { keys: 'Eingabe', what: 'Die Anfrage öffnen' },
      select: { keys: 'Leertaste, Umschalt+Klick, Strg+Klick', what: 'Eine, einen Bereich oder mehrere auswählen' },
      all: { keys: 'Strg+A', what: 'Alle Zeilen auswählen, die der Filter zeigt' },
    },
    qr: {
      title: 'QR-Code auf dem Bildschirm',
      pause: { keys: 'Leertaste', what: 'Animation anhalten oder fortsetzen' },
      speed: { keys: '+ / −', what: 'Schneller oder langsamer' },
      density: { keys: '← → (↑ ↓)', what: 'Weniger oder mehr Daten pro Code' },
      delivered: { keys: 'Eingabe', what: 'Als zugestellt markieren (das Gerät hat sie übernommen)' },
      close: { keys: 'Esc', what: 'Schließen' },
    },
  },
  germanKeyboard: 'Die Tasten sind wie auf einer deutschen Tastatur benannt. Auf einer US-Tastatur heißen sie Ctrl, Shift, Enter, Space, Home, End, PgUp und PgDn; ? liegt dort auf Shift+/.',
};
export default help;
