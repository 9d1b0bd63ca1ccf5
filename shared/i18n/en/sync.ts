const sync = {
};
export default sync;
