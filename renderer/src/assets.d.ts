// Vite turns `import url from 'file?url'` into the URL of a file it emits beside the bundle.
declare module '*?url' {
  const url: string;
  export default url;
}
