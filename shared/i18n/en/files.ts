const files = {
};
export default files;
