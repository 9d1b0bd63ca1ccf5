const host = {
};
export default host;
