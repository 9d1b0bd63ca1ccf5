const formats = {
};
export default formats;
