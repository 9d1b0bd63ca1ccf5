const qr = {
};
export default qr;
