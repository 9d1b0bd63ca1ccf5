const capture = {
};
export default capture;
