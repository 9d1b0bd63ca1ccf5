const core = {
};
export default core;
