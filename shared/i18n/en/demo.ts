const demo = {
};
export default demo;
